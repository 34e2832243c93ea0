package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a class loader's class files of each package were last found (the jar or directory, as the URL
 * before the package's path), so that the next class file of that package is read from there at once.
 *
 * <p>The agent reads the class files of supertypes not loaded yet by the thousand at start-up. A
 * {@code URLClassLoader} finds a resource by asking each entry of its class path in turn; for a Spring Boot
 * executable jar each entry is a nested jar, and each question opens a URL connection to it, so a class of
 * the hundredth jar costs a hundred connections. Classes of one package nearly always come from one jar:
 * this asks that jar first and falls back to the loader's own search when the class is not there (a
 * package split over several jars). Where the same class is in two jars, the one read here may not be
 * the one the loader would define: the agent reads class files only to learn a class's supertypes, which
 * two copies of one class share in practice.
 *
 * <p>The next URL is made from the one the loader found, so it gets that URL's protocol handler: made
 * from its text alone, it would get whatever handler is registered for the protocol now, such as an
 * application's own {@code jar:} handler, whose code would then run inside the class loading that is
 * under way (a Spring Boot jar's launcher registers one, and its classes are loaded by the very loader
 * asking). That URL is held softly: its handler's class may belong to the loader itself, and an entry must
 * not keep its loader alive. A URL made from it that does not read as the same place turns the shortcut
 * off for that package.
 */
final class PackageLocations {
  /** A package whose class files are not read through the shortcut. */
  private static final Location NONE = new Location(null, "");

  private final WeakKeyMap<ClassLoader, Map<String, Location>> byLoader = new WeakKeyMap<>();

  /**
   * The resource's bytes read from where {@code loader}'s class files of its package were last found (for
   * a package not seen yet, of the nearest enclosing package seen: {@code org/example/shop/cart} is looked
   * for where {@code org/example/shop} was found, as a library's packages share its jar), or null when no
   * such place is known, the resource is not there, or it cannot be read that way.
   */
  byte[] readKnown(ClassLoader loader, String resource) {
    Map<String, Location> packages = loader == null ? null : byLoader.get(loader);
    if (packages == null) {
      return null;
    }
    String pkg = packageOf(resource);
    Location location = packages.get(pkg);
    for (String outer = pkg; location == null && outer.indexOf('/') > 0; ) {
      outer = packageOf(outer);
      location = outer.indexOf('/') > 0 ? packages.get(outer) : null; // not "org" or "com" alone
    }
    URL found = location == null || location == NONE ? null : location.found.get();
    if (found == null) {
      return null;
    }
    String text = location.base + resource;
    URL url;
    try {
      url = new URL(found, text);
    } catch (MalformedURLException e) {
      url = null;
    }
    if (url == null || !text.equals(url.toExternalForm())) {
      packages.put(pkg, NONE);
      return null;
    }
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = in.readAllBytes();
    } catch (IOException | RuntimeException notThere) {
      return null;
    }
    packages.putIfAbsent(pkg, location); // found where its enclosing package was
    return bytes;
  }

  /** Remembers where {@code loader} found {@code resource}, for the next class file of its package. */
  void found(ClassLoader loader, String resource, URL url) {
    if (loader == null) {
      return;
    }
    String text = url.toExternalForm();
    if (!text.endsWith(resource) || text.length() == resource.length()) {
      return;
    }
    Map<String, Location> packages = byLoader.get(loader);
    if (packages == null) {
      packages = new ConcurrentHashMap<>();
      Map<String, Location> raced = byLoader.putIfAbsent(loader, packages);
      packages = raced != null ? raced : packages;
    }
    String pkg = packageOf(resource);
    if (packages.get(pkg) == NONE) {
      return;
    }
    int baseLength = text.length() - resource.length();
    Location outer = packages.get(packageOf(pkg));
    boolean sameJar = outer != null && outer != NONE && outer.base.length() == baseLength
        && text.startsWith(outer.base) && outer.found.get() != null;
    // a library's packages share one entry, as they share its jar
    packages.put(pkg, sameJar ? outer : new Location(url, text.substring(0, baseLength)));
  }

  /** A URL the loader found in a package, and the text before the package's path in it. */
  private static final class Location {
    final SoftReference<URL> found;
    final String base;

    Location(URL found, String base) {
      this.found = new SoftReference<>(found);
      this.base = base;
    }
  }

  private static String packageOf(String resource) {
    int slash = resource.lastIndexOf('/');
    return slash < 0 ? "" : resource.substring(0, slash);
  }
}
