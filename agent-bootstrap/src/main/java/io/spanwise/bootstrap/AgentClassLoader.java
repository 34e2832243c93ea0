package io.spanwise.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads the agent's core, its instrumentation modules and their dependencies (Byte Buddy, the
 * OpenTelemetry SDK, the exporter...) from the {@code inst/} tree of the agent jar, where class files are
 * stored as {@code .classdata}. Neither the system class loader nor a class-path scanner can see them
 * there, so an application that ships other versions of the same libraries is never affected.
 *
 * <p>The parent is the platform class loader, which delegates to the bootstrap loader: the advice API
 * (appended to the bootstrap search path) and JDK modules such as {@code java.sql} and
 * {@code java.net.http} are visible; the application's classes are not.
 */
final class AgentClassLoader extends ClassLoader {
  static final String PREFIX = "inst/";
  private static final String CLASS_SUFFIX = ".classdata";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;
  private final String version;

  AgentClassLoader(JarFile jar, URL jarLocation) {
    super("spanwise", ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    this.jarUrl = "jar:" + jarLocation.toExternalForm() + "!/";
    this.protectionDomain =
        new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
    this.version = implementationVersion(jar);
  }

  private static String implementationVersion(JarFile jar) {
    try {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String path = PREFIX + name.replace('.', '/') + CLASS_SUFFIX;
    JarEntry entry = jar.getJarEntry(path);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String pkg = className.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, "Spanwise", version, null, null);
        } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
          // parallel definition of the same package: fine
        }
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String path = entryName(name);
    if (jar.getJarEntry(path) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + path);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
  }

  /** Class files are asked for by Byte Buddy as resources ("a/b/C.class"); they live as .classdata. */
  private static String entryName(String resource) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    if (name.endsWith(".class")) {
      name = name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX;
    }
    return PREFIX + name;
  }
}
