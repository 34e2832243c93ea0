package io.spanwise.bootstrap.instrumentation.logging;

import java.util.Map;

/** Implemented on the agent side (support's {@code LogCorrelationData}); see {@link LogCorrelation}. */
public interface LogCorrelationBridge {
  LogCorrelationBridge NOOP = new LogCorrelationBridge() {
    @Override
    public Map<String, String> withCorrelation(Map<String, String> contextData, boolean springBootKeys) {
      return contextData;
    }

    @Override
    public String[] entries(boolean springBootKeys) {
      return null;
    }

    @Override
    public String value(String key, Map<?, ?> contextData, boolean springBootKeys) {
      return null;
    }
  };

  /** See {@link LogCorrelation#withCorrelation}. */
  Map<String, String> withCorrelation(Map<String, String> contextData, boolean springBootKeys);

  /** See {@link LogCorrelation#entries}. */
  String[] entries(boolean springBootKeys);

  /** See {@link LogCorrelation#value}. */
  String value(String key, Map<?, ?> contextData, boolean springBootKeys);
}
