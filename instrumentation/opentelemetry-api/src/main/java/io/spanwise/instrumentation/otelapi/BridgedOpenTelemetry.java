package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * What {@code GlobalOpenTelemetry} answers the application under the agent: the agent's SDK (tracers,
 * propagators) behind the application's own API (helper). Metrics and logs are the API's no-op defaults.
 */
public final class BridgedOpenTelemetry implements OpenTelemetry {
  public static final BridgedOpenTelemetry INSTANCE = new BridgedOpenTelemetry();

  private BridgedOpenTelemetry() {}

  @Override
  public TracerProvider getTracerProvider() {
    return BridgedTracerProvider.INSTANCE;
  }

  @Override
  public Tracer getTracer(String instrumentationName) {
    return BridgedTracerProvider.INSTANCE.get(instrumentationName);
  }

  @Override
  public Tracer getTracer(String instrumentationName, String instrumentationVersion) {
    return BridgedTracerProvider.INSTANCE.get(instrumentationName, instrumentationVersion);
  }

  @Override
  public ContextPropagators getPropagators() {
    return BridgedPropagators.INSTANCE;
  }

  @Override
  public String toString() {
    return "SpanwiseOpenTelemetry{the agent's SDK}";
  }
}
