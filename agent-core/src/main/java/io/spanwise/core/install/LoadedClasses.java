package io.spanwise.core.install;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The class a loader has already loaded under a name, if any, through {@code ClassLoader.findLoadedClass}:
 * a look-up in the JVM's table of loaded classes that never loads, links or initializes anything. The
 * method is protected, so this needs {@code java.lang} open to the agent ({@link ClassDefiner} opens it);
 * without that access every answer is "not loaded" and callers read the class file instead.
 */
final class LoadedClasses {
  static final LoadedClasses NONE = new LoadedClasses(null);

  private final MethodHandle findLoadedClass;

  private LoadedClasses(MethodHandle findLoadedClass) {
    this.findLoadedClass = findLoadedClass;
  }

  /** Looks through {@code findLoadedClass} when {@code java.lang} is open to the agent, else {@link #NONE}. */
  static LoadedClasses lookingUp() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup());
      return new LoadedClasses(lookup.findVirtual(
          ClassLoader.class, "findLoadedClass", MethodType.methodType(Class.class, String.class)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return NONE;
    }
  }

  /** The class, or null when it is not loaded by (or through) that loader; the bootstrap loader: null. */
  Class<?> find(ClassLoader loader, String name) {
    if (loader == null || findLoadedClass == null) {
      return null;
    }
    try {
      return (Class<?>) findLoadedClass.invokeExact(loader, name);
    } catch (Throwable e) {
      return null;
    }
  }
}
