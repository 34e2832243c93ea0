package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class file headers of supertypes not loaded yet, read once per class loader and name and shared by
 * every {@link SuperTypes} of the prefilter (one per 63 subtype names, usually one). A {@code SuperTypes}
 * keeps its answers, not the headers: without this cache, when each subtype instrumentation had its own
 * walk, the same class file was read as a resource about four times on the benchmark service, and the
 * reads were most of what the prefilter cost at start-up.
 *
 * <p>Loaders are held weakly. A class file the loader could not find is not remembered: the class may be
 * defined another way later.
 */
final class ClassHeaderCache {
  private final ClassFiles classFiles;
  private final WeakKeyMap<ClassLoader, Map<String, ClassHeader>> byLoader = new WeakKeyMap<>();
  private final Map<String, ClassHeader> jdk = new ConcurrentHashMap<>();

  ClassHeaderCache(ClassFiles classFiles) {
    this.classFiles = classFiles;
  }

  /** The header of that class as {@code loader} (null: the JDK's loaders) sees it, or null if not found. */
  ClassHeader header(ClassLoader loader, String name) {
    Map<String, ClassHeader> known = loader == null ? jdk : knownIn(loader);
    ClassHeader header = known.get(name);
    if (header == null) {
      header = classFiles.header(loader, name);
      if (header != null) {
        known.put(name, header);
      }
    }
    return header;
  }

  private Map<String, ClassHeader> knownIn(ClassLoader loader) {
    Map<String, ClassHeader> known = byLoader.get(loader);
    if (known == null) {
      Map<String, ClassHeader> created = new ConcurrentHashMap<>();
      known = byLoader.putIfAbsent(loader, created);
      if (known == null) {
        known = created;
      }
    }
    return known;
  }
}
