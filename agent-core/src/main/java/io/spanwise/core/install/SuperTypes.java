package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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
 * <p>One instance answers for up to {@link #MAX_NAMES} names at once, as a bit set: the prefilter walks a
 * class's supertypes once for every subtype instrumentation, not once for each.
 *
 * <p>Answers are remembered per loaded class ({@link ClassValue}) and per loader and name (loaders held
 * weakly). An answer that depended on a class file the loader could not find is not remembered: the
 * class may still be defined another way (a generated proxy) and be found loaded later.
 */
final class SuperTypes {
  /** How many names one instance tracks: one bit each, and {@link #INCOMPLETE}. */
  static final int MAX_NAMES = 63;
  /**
   * Set in an answer when a class file was missing on the way: the bits are "no, so far", and the answer
   * is not remembered.
   */
  static final long INCOMPLETE = 1L << 63;
  /** Deeper than any real hierarchy: only a malformed or cyclic set of class files gets here. */
  private static final int MAX_DEPTH = 64;

  private final Map<String, Long> bits = new HashMap<>();
  private final LoadedClasses loadedClasses;
  private final ClassHeaderCache classFiles;
  private final WeakKeyMap<ClassLoader, Map<String, Long>> byLoader = new WeakKeyMap<>();
  private final Map<String, Long> jdk = new ConcurrentHashMap<>();
  private final ClassValue<Long> reached = new ClassValue<>() {
    @Override
    protected Long computeValue(Class<?> type) {
      long found = bitOf(type.getName());
      Class<?> superclass = type.getSuperclass();
      if (superclass != null) {
        found |= get(superclass);
      }
      for (Class<?> implemented : type.getInterfaces()) {
        found |= get(implemented);
      }
      return found;
    }
  };

  /** @param names at most {@link #MAX_NAMES} */
  SuperTypes(Collection<String> names, LoadedClasses loadedClasses, ClassHeaderCache classFiles) {
    for (String name : names) {
      if (!bits.containsKey(name)) {
        if (bits.size() == MAX_NAMES) {
          throw new IllegalArgumentException("more than " + MAX_NAMES + " names");
        }
        bits.put(name, 1L << bits.size());
      }
    }
    this.loadedClasses = loadedClasses;
    this.classFiles = classFiles;
  }

  /** The bits of these names (each must be one of this instance's). */
  long bitsOf(Collection<String> names) {
    long mask = 0;
    for (String name : names) {
      mask |= bits.get(name);
    }
    return mask;
  }

  private long bitOf(String name) {
    Long bit = bits.get(name);
    return bit == null ? 0 : bit;
  }

  /** The names a loaded class (being retransformed) reaches; its supertypes are loaded too. */
  long reachedBy(Class<?> type) {
    return reached.get(type);
  }

  /** The names the class being defined reaches, from the start of its class file; may hold {@link #INCOMPLETE}. */
  long reachedBy(ClassHeader header, ClassLoader loader) {
    return bitOf(header.name) | reachedThroughSupertypes(header.superName, header.interfaces, loader, 0);
  }

  /** The names the class being defined reaches, as Byte Buddy describes it from its class file. */
  long reachedBy(TypeDescription type, ClassLoader loader) {
    long found = bitOf(type.getName());
    TypeDescription.Generic superclass = type.getSuperClass();
    if (superclass != null) {
      found |= named(superclass.asErasure().getName(), loader, 0);
    }
    for (TypeDescription implemented : type.getInterfaces().asErasures()) {
      found |= named(implemented.getName(), loader, 0);
    }
    return found;
  }

  private long reachedThroughSupertypes(String superName, String[] interfaces, ClassLoader loader, int depth) {
    long found = superName == null ? 0 : named(superName, loader, depth);
    for (String implemented : interfaces) {
      found |= named(implemented, loader, depth);
    }
    return found;
  }

  private long named(String name, ClassLoader loader, int depth) {
    if (name.equals("java.lang.Object") || depth > MAX_DEPTH) {
      return bitOf(name);
    }
    // java.* can only be defined by the JDK's loaders: one answer for every loader
    boolean jdkName = name.startsWith("java.");
    ClassLoader definingSide = jdkName ? null : loader;
    Map<String, Long> known = jdkName ? jdk : knownIn(loader);
    Long answer = known.get(name);
    if (answer != null) {
      return answer;
    }
    Class<?> loaded = loadedClasses.find(definingSide, name);
    if (loaded == null && jdkName) {
      loaded = loadedClasses.find(loader, name);
    }
    long found;
    if (loaded != null) {
      found = reached.get(loaded);
    } else {
      ClassHeader header = classFiles.header(definingSide, name);
      if (header == null) {
        return bitOf(name) | INCOMPLETE;
      }
      found = bitOf(name) | reachedThroughSupertypes(header.superName, header.interfaces, definingSide, depth + 1);
    }
    if ((found & INCOMPLETE) == 0) {
      known.put(name, found);
    }
    return found;
  }

  private Map<String, Long> knownIn(ClassLoader loader) {
    Map<String, Long> known = byLoader.get(loader);
    if (known == null) {
      Map<String, Long> created = new ConcurrentHashMap<>();
      known = byLoader.putIfAbsent(loader, created);
      if (known == null) {
        known = created;
      }
    }
    return known;
  }
}
