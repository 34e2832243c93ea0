package io.spanwise.instrumentation.spi;

import java.lang.reflect.Method;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds a resource (a class file, as a rule) as {@code loader.getResource} would, without asking the JDK's
 * own loaders about a package none of their modules holds.
 *
 * <p>{@code ClassLoader.getResource} asks the bootstrap loader first, then the platform loader. For a
 * package outside their modules (any application or library class) each of them searches every one of
 * its modules in the run-time image: about fifty look-ups for one class file, and the agent reads the
 * class files of supertypes not loaded yet, of helpers and of advice by the hundred at start-up. The
 * answer there is always "not found", so this answers it at once: where a loader delegates as
 * {@code ClassLoader.getResource} does (parent first, then its own {@code findResource}), the chain is
 * walked here, with the JDK's loaders skipped for such a package. A loader with its own
 * {@code getResource} (a web application's, child first) is asked as usual, and so is every look-up when
 * classes were appended to the bootstrap search path ({@code -Xbootclasspath/a}), or when {@code java.lang}
 * is not open to the agent (the agent opens it at start-up).
 */
public final class ResourceLookup {
  private ResourceLookup() {}

  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
  private static final ClassValue<Boolean> DELEGATES_AS_CLASS_LOADER = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("getResource", String.class).getDeclaringClass() == ClassLoader.class;
      } catch (NoSuchMethodException | SecurityException e) {
        return false;
      }
    }
  };

  /** What {@code loader.getResource(resource)} answers; {@code loader} null: the JDK's loaders. */
  public static URL find(ClassLoader loader, String resource) {
    if (Shortcut.FIND_RESOURCE == null || inBootLayerPackage(resource)) {
      return (loader == null ? PLATFORM : loader).getResource(resource);
    }
    return outsideBootLayer(loader, resource);
  }

  /** A resource in a package no module of the JDK (or of the boot layer) holds. */
  private static URL outsideBootLayer(ClassLoader loader, String resource) {
    if (loader == null || loader == PLATFORM) {
      return null; // they define only the boot layer's modules, and nothing was appended to their path
    }
    if (!DELEGATES_AS_CLASS_LOADER.get(loader.getClass())) {
      return loader.getResource(resource);
    }
    URL url = outsideBootLayer(loader.getParent(), resource);
    return url != null ? url : Shortcut.findResource(loader, resource);
  }

  private static boolean inBootLayerPackage(String resource) {
    int slash = resource.lastIndexOf('/');
    return Shortcut.BOOT_LAYER_PACKAGES.contains(slash < 0 ? "" : resource.substring(0, slash));
  }

  /** Made on first use, after the agent has opened {@code java.lang} to itself. */
  private static final class Shortcut {
    /** {@code ClassLoader.findResource}, or null where the shortcut cannot be taken. */
    static final Method FIND_RESOURCE = findResourceMethod();
    /** Every package of a boot-layer module, as a resource directory ({@code java/lang}). */
    static final Set<String> BOOT_LAYER_PACKAGES = bootLayerPackages();

    private static Method findResourceMethod() {
      String appended = System.getProperty("jdk.boot.class.path.append");
      if (appended != null && !appended.isEmpty()) {
        return null;
      }
      try {
        Method method = ClassLoader.class.getDeclaredMethod("findResource", String.class);
        method.setAccessible(true);
        return method;
      } catch (ReflectiveOperationException | RuntimeException notOpen) {
        return null;
      }
    }

    private static Set<String> bootLayerPackages() {
      Set<String> packages = new HashSet<>();
      for (Module module : ModuleLayer.boot().modules()) {
        for (String name : module.getPackages()) {
          packages.add(name.replace('.', '/'));
        }
      }
      return packages;
    }

    static URL findResource(ClassLoader loader, String resource) {
      try {
        return (URL) FIND_RESOURCE.invoke(loader, resource);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return loader.getResource(resource);
      }
    }
  }
}
