package io.spanwise.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts the agent's bootstrap classes on the bootstrap class path of the test JVM, as {@code AgentMain}
 * does for {@code -javaagent}: advice woven into JDK classes (thread pools, {@code Thread}) can only call
 * classes of the bootstrap loader. Must run before any {@code io.spanwise.bootstrap} class is loaded, so
 * this class refers to none of them.
 */
final class BootstrapClassPath {
  private static final String API_CLASS = "io/spanwise/bootstrap/api/Tracing.class";
  private static final String PREFIX = "io/spanwise/bootstrap/";

  private BootstrapClassPath() {}

  static void append(Instrumentation inst) {
    ClassLoader testLoader = BootstrapClassPath.class.getClassLoader();
    URL api = testLoader.getResource(API_CLASS);
    if (api == null) {
      throw new IllegalStateException("the agent's bootstrap classes are not on the test class path");
    }
    try {
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jarOf(api)));
      Class<?> tracing = Class.forName("io.spanwise.bootstrap.api.Tracing", false, testLoader);
      if (tracing.getClassLoader() != null) {
        throw new IllegalStateException("io.spanwise.bootstrap.api.Tracing was loaded by " + tracing.getClassLoader()
            + " before InProcessAgent.install(): install the agent before the test touches the bootstrap API");
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot put the agent's bootstrap classes on the bootstrap class path", e);
    }
  }

  /** The jar holding the class, or, for a directory of classes (a reactor build), a jar made of it. */
  private static File jarOf(URL api) throws IOException, URISyntaxException {
    if (api.getProtocol().equals("jar")) {
      return new File(((JarURLConnection) api.openConnection()).getJarFileURL().toURI());
    }
    Path classFile = Paths.get(api.toURI());
    Path root = classFile;
    for (int i = 0; i < API_CLASS.split("/").length; i++) {
      root = root.getParent();
    }
    Path jar = Files.createTempFile("spanwise-bootstrap", ".jar");
    jar.toFile().deleteOnExit();
    List<Path> classes;
    try (Stream<Path> walk = Files.walk(root.resolve(PREFIX))) {
      classes = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (Path file : classes) {
        zip.putNextEntry(new JarEntry(root.relativize(file).toString().replace(File.separatorChar, '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
    }
    return jar.toFile();
  }
}
