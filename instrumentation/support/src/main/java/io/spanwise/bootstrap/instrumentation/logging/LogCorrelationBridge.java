package io.spanwise.bootstrap.instrumentation.logging;

import java.util.Map;

/** Implemented on the agent side (support's {@code LogCorrelationData}); see {@link LogCorrelation}. */
public interface LogCorrelationBridge {
  LogCorrelationBridge NOOP = (contextData, springBootKeys) -> contextData;

  /** See {@link LogCorrelation#withCorrelation}. */
  Map<String, String> withCorrelation(Map<String, String> contextData, boolean springBootKeys);
}
