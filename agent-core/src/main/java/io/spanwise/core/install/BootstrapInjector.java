package io.spanwise.core.install;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the advice API ({@code io/spanwise/bootstrap/api/**} and the modules' boot-side facades,
 * {@code io/spanwise/bootstrap/instrumentation/**}, at the root of the agent jar) into the
 * bootstrap class loader by defining its classes there one by one, so that every class loader sees the
 * same classes.
 *
 * <p>The usual way, {@code Instrumentation.appendToBootstrapClassLoaderSearch}, makes HotSpot turn off
 * class data sharing for every class loader but the bootstrap one (it prints "Sharing is only supported
 * for boot loader classes because bootstrap classpath has been appended"): from then on the JDK classes
 * the application loads through the platform and application loaders (java.sql, java.net.http, ...) are
 * read and verified again instead of mapped from the CDS archive, which costs the application about
 * 0.15 s of its start-up. Defining the classes directly does not touch the search path.
 *
 * <p>The classes are defined with the JDK's internal {@code Unsafe.defineClass} (loader null: the
 * bootstrap loader), exported for that to this class's module only (the agent's isolated loader), not
 * to the application. This class must not use the API it defines: it runs before the API exists.
 * {@link #inject} never throws; when it returns false the caller falls back to the search path.
 */
public final class BootstrapInjector {
  /** The neutral advice API, and each module's boot-side facade ({@code io/spanwise/bootstrap/instrumentation/<module>/}). */
  static final String API_PREFIX = "io/spanwise/bootstrap/api/";
  static final String MODULES_PREFIX = "io/spanwise/bootstrap/instrumentation/";

  private BootstrapInjector() {}

  /** Defines the API classes of {@code jar} in the bootstrap loader; false when that was not possible. */
  public static boolean inject(Instrumentation inst, JarFile jar) {
    try {
      Map<String, byte[]> classes = apiClasses(jar);
      if (classes.isEmpty()) {
        return false;
      }
      Module javaBase = Object.class.getModule();
      Module self = BootstrapInjector.class.getModule();
      if (!javaBase.isExported("jdk.internal.misc", self)) {
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), Map.of(), Set.of(),
            Map.of());
      }
      Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
      Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
      Method defineClass = unsafeType.getMethod("defineClass",
          String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
      for (Map.Entry<String, byte[]> c : inDefinitionOrder(classes).entrySet()) {
        if (!isDefined(c.getKey())) {
          byte[] bytes = c.getValue();
          defineClass.invoke(unsafe, c.getKey(), bytes, 0, bytes.length, null, null);
        }
      }
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  private static boolean isDefined(String name) {
    try {
      Class.forName(name, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Binary name to bytes of every class under {@link #API_PREFIX} and {@link #MODULES_PREFIX} at the jar's root. */
  static Map<String, byte[]> apiClasses(JarFile jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry entry = entries.nextElement();
      String path = entry.getName();
      if ((path.startsWith(API_PREFIX) || path.startsWith(MODULES_PREFIX)) && path.endsWith(".class")) {
        try (InputStream in = jar.getInputStream(entry)) {
          String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
          classes.put(name, in.readAllBytes());
        }
      }
    }
    return classes;
  }

  /**
   * Supertypes before the types that extend or implement them: defining a class links it to its
   * supertypes, which the bootstrap loader must already have.
   */
  static Map<String, byte[]> inDefinitionOrder(Map<String, byte[]> classes) {
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    Map<String, List<String>> supers = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      ClassHeader header = ClassHeader.parse(c.getValue());
      List<String> names = new ArrayList<>();
      if (header.superName != null) {
        names.add(header.superName);
      }
      names.addAll(List.of(header.interfaces));
      supers.put(c.getKey(), names);
    }
    for (String name : classes.keySet()) {
      visit(name, classes, supers, ordered, 0);
    }
    return ordered;
  }

  private static void visit(String name, Map<String, byte[]> classes, Map<String, List<String>> supers,
      Map<String, byte[]> ordered, int depth) {
    if (ordered.containsKey(name) || !classes.containsKey(name) || depth > classes.size()) {
      return;
    }
    for (String s : supers.get(name)) {
      visit(s, classes, supers, ordered, depth + 1);
    }
    ordered.put(name, classes.get(name));
  }
}
