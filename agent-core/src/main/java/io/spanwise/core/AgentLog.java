package io.spanwise.core;

import java.io.PrintStream;

/**
 * The agent's own log: one line per message on stderr, prefixed {@code [spanwise]}. The agent never
 * writes through the application's logging framework.
 */
public final class AgentLog {
  /** {@code otel.javaagent.debug} (the OpenTelemetry agent's name) or its alias {@code spanwise.debug}. */
  private static volatile boolean debug = flag("otel.javaagent.debug") || flag("spanwise.debug");
  private static volatile PrintStream out = System.err;

  private AgentLog() {}

  public static void info(String message) {
    out.println("[spanwise] " + message);
  }

  public static void warn(String message) {
    out.println("[spanwise] WARN " + message);
  }

  public static void error(String message, Throwable error) {
    out.println("[spanwise] ERROR " + message + (error == null ? "" : ": " + error));
    if (error != null && debug) {
      error.printStackTrace(out);
    }
  }

  /** Sends the agent's log elsewhere and returns where it went before; for tests. */
  public static PrintStream redirect(PrintStream target) {
    PrintStream previous = out;
    out = target;
    return previous;
  }

  /** A boolean setting read as {@code Config} does: the system property wins over the environment. */
  private static boolean flag(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      value = System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
    }
    return "true".equalsIgnoreCase(value == null ? null : value.trim());
  }

  public static boolean isDebug() {
    return debug;
  }

  public static void debug(String message) {
    if (debug) {
      out.println("[spanwise] DEBUG " + message);
    }
  }
}
