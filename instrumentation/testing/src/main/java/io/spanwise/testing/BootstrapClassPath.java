package io.spanwise.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts the agent's bootstrap classes (the advice API and every module's boot-side facade, read from the
 * agent's class path) on the bootstrap class path of the test JVM, as {@code AgentMain} does for {@code -javaagent}: advice woven into JDK classes (thread pools, {@code Thread}) can only call
 * classes of the bootstrap loader. Must run before any {@code io.spanwise.bootstrap} class is loaded, so
 * this class refers to none of them.
 */
final class BootstrapClassPath {
  private static final String API_CLASS = "io/spanwise/bootstrap/api/Tracing.class";
  private static final String PREFIX = "io/spanwise/bootstrap/";

  private BootstrapClassPath() {}

  static void append(Instrumentation inst, List<URL> agentClassPath) {
    ClassLoader testLoader = BootstrapClassPath.class.getClassLoader();
    try {
      Map<String, byte[]> classes = bootstrapClasses(agentClassPath);
      if (!classes.containsKey(API_CLASS)) {
        throw new IllegalStateException("the agent's bootstrap classes are not on its class path " + agentClassPath);
      }
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jarOf(classes)));
      Class<?> tracing = Class.forName("io.spanwise.bootstrap.api.Tracing", false, testLoader);
      if (tracing.getClassLoader() != null) {
        throw new IllegalStateException("io.spanwise.bootstrap.api.Tracing was loaded by " + tracing.getClassLoader()
            + " before InProcessAgent.install(): install the agent before the test touches the bootstrap API");
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot put the agent's bootstrap classes on the bootstrap class path", e);
    }
  }

  /**
   * Every {@code io/spanwise/bootstrap/**} class of the agent's class path: agent-bootstrap's (the
   * neutral API) and each instrumentation module's boot-side facade
   * ({@code io/spanwise/bootstrap/instrumentation/<module>/}), whether in jars or class directories (a
   * reactor build). The agent jar puts them all at its root in the same way.
   */
  private static Map<String, byte[]> bootstrapClasses(List<URL> agentClassPath) throws IOException, URISyntaxException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (URL root : agentClassPath) {
      File file = new File(root.toURI());
      if (file.isFile()) {
        try (JarFile jar = new JarFile(file)) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            if (entry.getName().startsWith(PREFIX) && !entry.isDirectory()) {
              try (InputStream in = jar.getInputStream(entry)) {
                classes.putIfAbsent(entry.getName(), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path base = file.toPath();
        Path dir = base.resolve(PREFIX);
        if (!Files.isDirectory(dir)) {
          continue;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
          files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path classFile : files) {
          classes.putIfAbsent(base.relativize(classFile).toString().replace(File.separatorChar, '/'), Files.readAllBytes(classFile));
        }
      }
    }
    return classes;
  }

  private static File jarOf(Map<String, byte[]> classes) throws IOException {
    Path jar = Files.createTempFile("spanwise-bootstrap", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        zip.putNextEntry(new JarEntry(c.getKey()));
        zip.write(c.getValue());
        zip.closeEntry();
      }
    }
    return jar.toFile();
  }
}
