package io.spanwise.core.install;

import io.spanwise.instrumentation.spi.ResourceLookup;
import java.io.IOException;
import java.lang.ref.WeakReference;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Byte Buddy's view of the class files a loader sees: what {@code ClassFileLocator.ForClassLoader} reads,
 * looked up through {@link ResourceLookup}, so that describing a woven class's supertypes or reading advice
 * does not make the JDK's loaders search their modules for the application's packages. The loader is held
 * weakly (a locator is kept per loader).
 */
final class LoaderClassFileLocator implements ClassFileLocator {
  /** Null for the bootstrap loader. */
  private final WeakReference<ClassLoader> loader;

  private LoaderClassFileLocator(ClassLoader loader) {
    this.loader = loader == null ? null : new WeakReference<>(loader);
  }

  /** The class files {@code loader} (null: the bootstrap loader) sees. */
  static ClassFileLocator of(ClassLoader loader) {
    return new LoaderClassFileLocator(loader);
  }

  @Override
  public Resolution locate(String name) throws IOException {
    ClassLoader target = null;
    if (loader != null) {
      target = loader.get();
      if (target == null) {
        return new Resolution.Illegal(name);
      }
    }
    byte[] bytes = ClassFiles.read(target, name.replace('.', '/') + ".class");
    return bytes == null ? new Resolution.Illegal(name) : new Resolution.Explicit(bytes);
  }

  @Override
  public void close() {}
}
