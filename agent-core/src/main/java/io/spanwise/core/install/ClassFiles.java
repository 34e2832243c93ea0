package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.ResourceLookup;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * Reads the start of a class's class file through a class loader, as a resource, without loading the
 * class: what the loader would define under that name. Resource look-ups follow the loader's own
 * delegation (parent first, or child first in a web application), as class loading does, without the
 * JDK's loaders searching their modules for a package they do not have ({@link ResourceLookup}), and
 * from where the loader's last class file of the same package was found, when it is there
 * ({@link PackageLocations}).
 */
class ClassFiles {
  private static final PackageLocations LOCATIONS = new PackageLocations();

  /** The header of that class as {@code loader} (null: the JDK's loaders) sees it, or null if not found. */
  ClassHeader header(ClassLoader loader, String name) {
    try {
      byte[] bytes = read(loader, name.replace('.', '/') + ".class");
      return bytes == null ? null : ClassHeader.parse(bytes);
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  /** The resource's bytes as {@code loader} (null: the JDK's loaders) finds it, or null if not found. */
  static byte[] read(ClassLoader loader, String resource) throws IOException {
    byte[] known = LOCATIONS.readKnown(loader, resource);
    if (known != null) {
      return known;
    }
    URL url = ResourceLookup.find(loader, resource);
    if (url == null) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = url.openStream()) {
      bytes = in.readAllBytes();
    }
    LOCATIONS.found(loader, resource, url);
    return bytes;
  }
}
