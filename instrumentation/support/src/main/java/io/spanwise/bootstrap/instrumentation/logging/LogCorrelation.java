package io.spanwise.bootstrap.instrumentation.logging;

import java.util.Map;

/**
 * What the log-correlation advice calls (defined in the bootstrap loader with the rest of the advice API):
 * the context data of one log event with the current span's ids added. Shared by the logging modules;
 * each installs the same {@link LogCorrelationBridge} built from the configuration.
 */
public final class LogCorrelation {
  private static volatile LogCorrelationBridge bridge = LogCorrelationBridge.NOOP;

  private LogCorrelation() {}

  /** Called by a logging module when it is installed; null uninstalls. */
  public static void install(LogCorrelationBridge implementation) {
    bridge = implementation == null ? LogCorrelationBridge.NOOP : implementation;
  }

  /**
   * {@code contextData} (an event's MDC, never changed; null counts as empty) when no span is current or
   * it already holds the trace id key; else a new map with its entries plus the trace id, span id and
   * trace flags (and {@code traceId}/{@code spanId} when {@code springBootKeys}, {@code baggage.<key>}
   * entries when configured). A key the application set keeps the application's value.
   */
  public static Map<String, String> withCorrelation(Map<String, String> contextData, boolean springBootKeys) {
    return bridge.withCorrelation(contextData, springBootKeys);
  }
}
