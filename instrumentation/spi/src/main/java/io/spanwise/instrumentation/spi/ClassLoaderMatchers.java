package io.spanwise.instrumentation.spi;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/** Cheap class-loader prefilters; the answer is cached per loader (weakly, so loaders can go away). */
public final class ClassLoaderMatchers {
  private ClassLoaderMatchers() {}

  /**
   * Matches class loaders that can see a class of this name, without loading it: a type matcher is only
   * run in loaders where the library is present at all.
   */
  public static ElementMatcher<ClassLoader> hasClassNamed(String className) {
    return new HasClassNamed(className.replace('.', '/') + ".class");
  }

  private static final class HasClassNamed implements ElementMatcher<ClassLoader> {
    private final String resource;
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();
    /** The bootstrap loader's answer: its look-up goes through the platform loader's image, not cheap. */
    private volatile Boolean inBootstrap;

    HasClassNamed(String resource) {
      this.resource = resource;
    }

    @Override
    public boolean matches(ClassLoader loader) {
      if (loader == null) {
        Boolean known = inBootstrap;
        if (known == null) {
          known = ResourceLookup.find(null, resource) != null;
          inBootstrap = known;
        }
        return known;
      }
      synchronized (cache) {
        Boolean known = cache.get(loader);
        if (known != null) {
          return known;
        }
      }
      boolean found = ResourceLookup.find(loader, resource) != null;
      synchronized (cache) {
        cache.put(loader, found);
      }
      return found;
    }
  }
}
