package io.spanwise.bootstrap.instrumentation.logging;

import java.util.HashMap;
import java.util.Map;

/**
 * What the log-correlation advice calls (defined in the bootstrap loader with the rest of the advice API):
 * the context data of one log event with the current span's ids added. Shared by the logging modules;
 * each installs its {@link LogCorrelationBridge} (the common keys, its own baggage switch) under its name,
 * and its advice passes that name.
 */
public final class LogCorrelation {
  /** Copied on write: written once per module at start, read on every log event. */
  private static volatile Map<String, LogCorrelationBridge> bridges = new HashMap<>();

  private LogCorrelation() {}

  /** Called by a logging module when it is installed; null uninstalls. */
  public static synchronized void install(String module, LogCorrelationBridge implementation) {
    Map<String, LogCorrelationBridge> copy = new HashMap<>(bridges);
    if (implementation == null) {
      copy.remove(module);
    } else {
      copy.put(module, implementation);
    }
    bridges = copy;
  }

  private static LogCorrelationBridge bridge(String module) {
    LogCorrelationBridge bridge = bridges.get(module);
    return bridge == null ? LogCorrelationBridge.NOOP : bridge;
  }

  /**
   * {@code contextData} (an event's MDC, never changed; null counts as empty) when no span is current or
   * it already holds the trace id key; else a new map with its entries plus the trace id, span id and
   * trace flags (and {@code traceId}/{@code spanId} when {@code springBootKeys}, {@code baggage.<key>}
   * entries when configured). A key the application set keeps the application's value.
   */
  public static Map<String, String> withCorrelation(
      String module, Map<String, String> contextData, boolean springBootKeys) {
    return bridge(module).withCorrelation(contextData, springBootKeys);
  }

  /**
   * The entries to add to a log event's context data, as key, value, key, value...; null when no span is
   * current. The trace id key comes first: a library that finds it already set adds nothing. For logging
   * libraries with a map type of their own (Log4j's {@code StringMap}).
   */
  public static String[] entries(String module, boolean springBootKeys) {
    return bridge(module).entries(springBootKeys);
  }

  /**
   * The value of one correlation key for a log event, looked up only when the event asks for that key
   * (Log4j 1.2's {@code LoggingEvent.getMDC(key)}): the current span's trace id, span id or trace flags
   * ({@code traceId}/{@code spanId} too when {@code springBootKeys}, a {@code baggage.<key>} entry when
   * configured); null for any other key, when no span is current, or when {@code contextData} (the
   * thread's MDC, read only; may be null) holds the trace id key. No allocation but a baggage key's.
   */
  public static String value(String module, String key, Map<?, ?> contextData, boolean springBootKeys) {
    return bridge(module).value(key, contextData, springBootKeys);
  }
}
