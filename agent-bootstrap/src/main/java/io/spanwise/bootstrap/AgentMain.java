package io.spanwise.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point. It does as little as possible: it opens the isolated
 * {@link AgentClassLoader} over the jar's hidden {@code inst/} tree, has the advice API defined in the
 * bootstrap class loader (so it is the same class for every class loader; if that fails, the jar goes on
 * the bootstrap class path) and hands over to the core installer.
 * Any failure is reported on one line and the application starts without the agent.
 */
public final class AgentMain {
  private static final String INSTALLER = "io.spanwise.core.AgentInstaller";
  private static final String INJECTOR = "io.spanwise.core.install.BootstrapInjector";
  private static volatile boolean started;

  private AgentMain() {}

  public static void premain(String args, Instrumentation inst) {
    start(inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(inst, true);
  }

  private static synchronized void start(Instrumentation inst, boolean lateAttach) {
    if (started) {
      return;
    }
    started = true;
    try {
      if (!agentEnabled()) {
        return; // otel.javaagent.enabled=false: touch nothing at all
      }
      URL location = AgentMain.class.getProtectionDomain().getCodeSource().getLocation();
      File jarFile = new File(location.toURI());
      JarFile jar = new JarFile(jarFile, false);
      ClassLoader agentLoader = new AgentClassLoader(jar, location);
      if (!injectApi(inst, jar, agentLoader)) {
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jarFile, false));
      }
      Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
      Method install = installer.getMethod("install", Instrumentation.class, boolean.class);
      install.invoke(null, inst, lateAttach);
    } catch (Throwable t) {
      System.err.println("[spanwise] agent failed to start and is disabled; the application runs untraced: " + t);
    }
  }

  /**
   * Defines the advice API in the bootstrap loader class by class (the core's {@code BootstrapInjector},
   * which keeps the JDK's class data sharing on); false when that could not be done, and the jar then
   * goes on the bootstrap search path instead.
   */
  private static boolean injectApi(Instrumentation inst, JarFile jar, ClassLoader agentLoader) {
    try {
      Method inject = Class.forName(INJECTOR, true, agentLoader)
          .getMethod("inject", Instrumentation.class, JarFile.class);
      return Boolean.TRUE.equals(inject.invoke(null, inst, jar));
    } catch (Throwable t) {
      return false;
    }
  }

  /** Reads {@code otel.javaagent.enabled} (system property first, then OTEL_JAVAAGENT_ENABLED). */
  static boolean agentEnabled() {
    String value = System.getProperty("otel.javaagent.enabled");
    if (value == null) {
      value = System.getenv("OTEL_JAVAAGENT_ENABLED");
    }
    if (value == null || value.trim().isEmpty()) {
      return true;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("false")) {
      return false;
    }
    if (!v.equals("true")) {
      System.err.println("[spanwise] otel.javaagent.enabled=\"" + value
          + "\" is not valid (accepted: true, false); using the default: true");
    }
    return true;
  }
}
