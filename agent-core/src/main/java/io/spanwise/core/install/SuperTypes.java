package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Whether a type is, extends or implements one of some named types, answered without loading, linking or
 * initializing any class. It runs inside the class file transformer, where loading a class is never safe:
 * a class loaded there (a supertype of the class being defined, say) is defined while the transformer is
 * on the thread's stack, and Byte Buddy's circularity lock lets it through unwoven. So a supertype is
 * looked at through its {@code Class} only if its loader has loaded it already ({@link LoadedClasses});
 * otherwise the start of its class file is read through the loader as a resource ({@link ClassFiles}, once
 * for all the prefilter's instrumentations: {@link ClassHeaderCache}), exactly the bytes the JVM will
 * define right after the transformer returns. A JDK supertype is also looked for among the classes the
 * requesting loader has loaded through its parents (it is their initiating loader), which spares most
 * reads from the run-time image.
 *
 * <p>Answers are remembered per loaded class ({@link ClassValue}) and per loader and name (loaders held
 * weakly). An answer that depended on a class file the loader could not find is not remembered: the
 * class may still be defined another way (a generated proxy) and be found loaded later.
 */
final class SuperTypes {
  /** Deeper than any real hierarchy: only a malformed or cyclic set of class files gets here. */
  private static final int MAX_DEPTH = 64;

  private final Set<String> names;
  private final LoadedClasses loadedClasses;
  private final ClassHeaderCache classFiles;
  private final WeakKeyMap<ClassLoader, Map<String, Boolean>> byLoader = new WeakKeyMap<>();
  private final Map<String, Boolean> jdk = new ConcurrentHashMap<>();
  private final ClassValue<Boolean> reached = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      if (names.contains(type.getName())) {
        return true;
      }
      Class<?> superclass = type.getSuperclass();
      if (superclass != null && get(superclass)) {
        return true;
      }
      for (Class<?> implemented : type.getInterfaces()) {
        if (get(implemented)) {
          return true;
        }
      }
      return false;
    }
  };

  SuperTypes(Set<String> names, LoadedClasses loadedClasses, ClassHeaderCache classFiles) {
    this.names = names;
    this.loadedClasses = loadedClasses;
    this.classFiles = classFiles;
  }

  /** A loaded class (being retransformed): its supertypes are loaded too. */
  boolean reachedBy(Class<?> type) {
    return reached.get(type);
  }

  /** The class being defined, from the start of its class file. */
  boolean reachedBy(ClassHeader header, ClassLoader loader) {
    if (names.contains(header.name)) {
      return true;
    }
    return reachesThroughSupertypes(header.superName, header.interfaces, loader, 0) == Boolean.TRUE;
  }

  /** The class being defined, as Byte Buddy describes it from its class file. */
  boolean reachedBy(TypeDescription type, ClassLoader loader) {
    if (names.contains(type.getName())) {
      return true;
    }
    TypeDescription.Generic superclass = type.getSuperClass();
    if (superclass != null && named(superclass.asErasure().getName(), loader, 0) == Boolean.TRUE) {
      return true;
    }
    for (TypeDescription implemented : type.getInterfaces().asErasures()) {
      if (named(implemented.getName(), loader, 0) == Boolean.TRUE) {
        return true;
      }
    }
    return false;
  }

  /** TRUE, FALSE, or null when a class file was missing on the way and the answer is "no, so far". */
  private Boolean reachesThroughSupertypes(String superName, String[] interfaces, ClassLoader loader, int depth) {
    boolean complete = true;
    if (superName != null) {
      Boolean viaSuper = named(superName, loader, depth);
      if (viaSuper == Boolean.TRUE) {
        return true;
      }
      complete = viaSuper != null;
    }
    for (String implemented : interfaces) {
      Boolean viaInterface = named(implemented, loader, depth);
      if (viaInterface == Boolean.TRUE) {
        return true;
      }
      complete &= viaInterface != null;
    }
    return complete ? Boolean.FALSE : null;
  }

  private Boolean named(String name, ClassLoader loader, int depth) {
    if (names.contains(name)) {
      return true;
    }
    if (name.equals("java.lang.Object") || depth > MAX_DEPTH) {
      return false;
    }
    // java.* can only be defined by the JDK's loaders: one answer for every loader
    boolean jdkName = name.startsWith("java.");
    ClassLoader definingSide = jdkName ? null : loader;
    Map<String, Boolean> known = jdkName ? jdk : knownIn(loader);
    Boolean answer = known.get(name);
    if (answer != null) {
      return answer;
    }
    Class<?> loaded = loadedClasses.find(definingSide, name);
    if (loaded == null && jdkName) {
      loaded = loadedClasses.find(loader, name);
    }
    if (loaded != null) {
      answer = reached.get(loaded);
    } else {
      ClassHeader header = classFiles.header(definingSide, name);
      if (header == null) {
        return null;
      }
      answer = reachesThroughSupertypes(header.superName, header.interfaces, definingSide, depth + 1);
    }
    if (answer != null) {
      known.put(name, answer);
    }
    return answer;
  }

  private Map<String, Boolean> knownIn(ClassLoader loader) {
    Map<String, Boolean> known = byLoader.get(loader);
    if (known == null) {
      Map<String, Boolean> created = new ConcurrentHashMap<>();
      known = byLoader.putIfAbsent(loader, created);
      if (known == null) {
        known = created;
      }
    }
    return known;
  }
}
