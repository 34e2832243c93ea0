package io.spanwise.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's class loader in a module test, isolating as {@code AgentClassLoader} does with
 * {@code -javaagent}: its parent is the platform loader, so it sees the JDK, the bootstrap API (on the
 * bootstrap class path) and the agent's own classes (core, SPI, support, every instrumentation module,
 * the OpenTelemetry SDK, Byte Buddy, the exporter and their libraries), never the test's or the
 * library's classes. Like the agent jar, which keeps {@code io/spanwise/bootstrap/**} outside
 * {@code inst/}, it never defines a bootstrap class itself: those come from the bootstrap loader only.
 *
 * <p>Its class path is the one the testing module's build wrote ({@code agent.classpath}: agent-dist and
 * its dependencies), plus the roots named by the system property {@value #EXTRA_PATH} (a module kept
 * out of agent-dist, such as a test's own instrumentation module).
 */
final class AgentLoader extends URLClassLoader {
  static final String CLASSPATH_RESOURCE = "io/spanwise/testing/agent.classpath";
  static final String EXTRA_PATH = "spanwise.testing.extra-agent-path";
  private static final String BOOTSTRAP_PACKAGE = "io.spanwise.bootstrap.";

  static {
    ClassLoader.registerAsParallelCapable();
  }

  AgentLoader(List<URL> roots) {
    super("spanwise", roots.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (name.startsWith(BOOTSTRAP_PACKAGE)) {
      throw new ClassNotFoundException(name + " is a bootstrap class: it must come from the bootstrap loader");
    }
    return super.findClass(name);
  }

  /** The agent's class path: the build's list, then the extra roots; fails clearly when the list is missing. */
  static List<URL> agentClassPath() {
    List<URL> roots = new ArrayList<>();
    String listed;
    try (InputStream in = AgentLoader.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build spanwise-instrumentation-testing"
            + " in the same reactor (mvn verify -pl <tests module> -am)");
      }
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CLASSPATH_RESOURCE, e);
    }
    addAll(roots, listed);
    addAll(roots, System.getProperty(EXTRA_PATH, ""));
    return roots;
  }

  private static void addAll(List<URL> roots, String path) {
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      File file = new File(entry.trim());
      if (!file.exists()) {
        throw new IllegalStateException("the agent's class path names " + file + ", which does not exist:"
            + " rebuild spanwise-instrumentation-testing in the same reactor (-am)");
      }
      try {
        roots.add(file.toURI().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
