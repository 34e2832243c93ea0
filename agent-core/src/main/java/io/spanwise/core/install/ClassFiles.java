package io.spanwise.core.install;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the start of a class's class file through a class loader, as a resource, without loading the
 * class: what the loader would define under that name. Resource look-ups follow the loader's own
 * delegation (parent first, or child first in a web application), as class loading does.
 */
class ClassFiles {
  /** The header of that class as {@code loader} (null: the JDK's loaders) sees it, or null if not found. */
  ClassHeader header(ClassLoader loader, String name) {
    String resource = name.replace('.', '/') + ".class";
    // The platform loader finds the bootstrap loader's class files too; the bootstrap loader has no API.
    ClassLoader reader = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    try (InputStream in = reader.getResourceAsStream(resource)) {
      return in == null ? null : ClassHeader.parse(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
