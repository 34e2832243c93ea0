package io.spanwise.testing;

import java.io.File;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A new class loader over some jars and class directories of the test class path, with the platform
 * loader as parent: nothing in it is loaded yet, so a test decides which class of the library or of the
 * application is loaded first, and loads them concurrently if it likes (the loader is parallel-capable).
 * Code on the test's side talks to what runs inside through JDK types (Runnable, Callable, java.sql ...)
 * or reflection. Classes in it are not in {@code io.spanwise.*}: the agent ignores its own packages.
 */
public final class FreshClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  private FreshClassLoader(String name, URL[] roots) {
    super(name, roots, ClassLoader.getPlatformClassLoader());
  }

  /**
   * A loader over the class path roots (a jar or a directory of classes) that hold these classes, found
   * through the test's class loader as resources, without loading them there.
   */
  public static FreshClassLoader over(String name, String... classNames) {
    Set<URL> roots = new LinkedHashSet<>();
    for (String className : classNames) {
      roots.add(rootOf(className));
    }
    return new FreshClassLoader(name, roots.toArray(new URL[0]));
  }

  /** The jar or class directory of the test class path that holds this class. */
  public static URL rootOf(String className) {
    String resource = className.replace('.', '/') + ".class";
    URL url = FreshClassLoader.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(className + " is not on the test class path");
    }
    try {
      if (url.getProtocol().equals("jar")) {
        return ((JarURLConnection) url.openConnection()).getJarFileURL();
      }
      String text = url.toString();
      return new URL(text.substring(0, text.length() - resource.length()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot tell where " + url + " comes from", e);
    }
  }

  /** Loads a class (and, as the JVM does, its supertypes) without initializing it. */
  public Class<?> load(String className) {
    try {
      return Class.forName(className, false, this);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " is not in " + this, e);
    }
  }

  /** Loads the classes one after the other, in this order. */
  public void loadInOrder(String... classNames) {
    for (String className : classNames) {
      load(className);
    }
  }

  /**
   * Loads the classes from {@code threads} threads at once: each thread waits for the others, then loads
   * them all, starting at a different one (thread {@code i} at index {@code i % n}), so subclasses and
   * their supertypes are asked for at the same time.
   */
  public void loadConcurrently(int threads, String... classNames) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> loads = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        loads.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          for (int i = 0; i < classNames.length; i++) {
            load(classNames[(first + i) % classNames.length]);
          }
          return null;
        }));
      }
      for (Future<?> load : loads) {
        load.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** An instance of a class of this loader, made with its constructor taking these arguments' types. */
  public <T> T newInstance(String className, Class<T> as, Object... arguments) {
    try {
      Class<?> type = Class.forName(className, true, this);
      Class<?>[] types = new Class<?>[arguments.length];
      for (int i = 0; i < arguments.length; i++) {
        types[i] = arguments[i].getClass();
      }
      for (var constructor : type.getConstructors()) {
        if (constructor.getParameterCount() == arguments.length && accepts(constructor.getParameterTypes(), arguments)) {
          return as.cast(constructor.newInstance(arguments));
        }
      }
      throw new IllegalStateException(className + " has no public constructor for " + List.of(types));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + className, e);
    }
  }

  private static boolean accepts(Class<?>[] parameters, Object[] arguments) {
    for (int i = 0; i < parameters.length; i++) {
      Class<?> parameter = parameters[i].isPrimitive() ? boxed(parameters[i]) : parameters[i];
      if (!parameter.isInstance(arguments[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> boxed(Class<?> primitive) {
    if (primitive == int.class) {
      return Integer.class;
    }
    if (primitive == long.class) {
      return Long.class;
    }
    if (primitive == boolean.class) {
      return Boolean.class;
    }
    throw new IllegalArgumentException(primitive.toString());
  }

  @Override
  public String toString() {
    List<String> roots = new ArrayList<>();
    for (URL url : getURLs()) {
      roots.add(new File(url.getPath()).getName());
    }
    return getName() + roots;
  }
}
