package io.spanwise.core.install;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.HashMap;
import java.util.Map;

/**
 * The class a loader has already loaded under a name, if any, through {@code ClassLoader.findLoadedClass}:
 * a look-up in the JVM's table of loaded classes that never loads, links or initializes anything. The
 * method is protected, so this needs {@code java.lang} open to the agent ({@link ClassDefiner} opens it);
 * without that access every answer is "not loaded" and callers read the class file instead. The JDK's own
 * loaders (asked as null) are answered from the classes they had loaded when the agent started, if given:
 * the bootstrap loader has no {@code findLoadedClass}, and reading a JDK class file from the run-time
 * image instead (and the JIT compiling that reader, which the look-ups make hot) was a large part of the
 * prefilter's cost at start-up.
 */
final class LoadedClasses {
  static final LoadedClasses NONE = new LoadedClasses(null, Map.of());

  private final MethodHandle findLoadedClass;
  private final Map<String, Class<?>> jdkClasses;

  private LoadedClasses(MethodHandle findLoadedClass, Map<String, Class<?>> jdkClasses) {
    this.findLoadedClass = findLoadedClass;
    this.jdkClasses = jdkClasses;
  }

  /** Looks through {@code findLoadedClass} when {@code java.lang} is open to the agent, else {@link #NONE}. */
  static LoadedClasses lookingUp() {
    return lookingUp(new Class<?>[0]);
  }

  /**
   * As {@link #lookingUp()}, and answers for the JDK's loaders from {@code alreadyLoaded} (those of its
   * classes that the bootstrap or platform loader defined), which needs no access to {@code java.lang}.
   */
  static LoadedClasses lookingUp(Class<?>[] alreadyLoaded) {
    Map<String, Class<?>> jdkClasses = new HashMap<>();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    for (Class<?> type : alreadyLoaded) {
      ClassLoader loader = type.getClassLoader();
      if ((loader == null || loader == platform) && !type.isArray() && !type.isPrimitive()) {
        jdkClasses.put(type.getName(), type);
      }
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup());
      return new LoadedClasses(lookup.findVirtual(
          ClassLoader.class, "findLoadedClass", MethodType.methodType(Class.class, String.class)), jdkClasses);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new LoadedClasses(null, jdkClasses);
    }
  }

  /**
   * The class, or null when it is not loaded by (or through) that loader; for the JDK's loaders (null),
   * the class if it was loaded when the agent started.
   */
  Class<?> find(ClassLoader loader, String name) {
    if (loader == null) {
      return jdkClasses.get(name);
    }
    if (findLoadedClass == null) {
      return null;
    }
    try {
      return (Class<?>) findLoadedClass.invokeExact(loader, name);
    } catch (Throwable e) {
      return null;
    }
  }
}
