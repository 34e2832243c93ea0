package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/** The agent's tracer of one instrumentation scope as the application's {@code Tracer} (helper). */
final class BridgedTracer implements Tracer {
  private final Object agent;

  BridgedTracer(Object agent) {
    this.agent = agent;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    Object builder = OtelApiTracing.bridge().spanBuilder(agent, spanName);
    return builder == null ? NoAgent.SPAN_BUILDER : new BridgedSpanBuilder(builder);
  }

  /** Without an agent tracer (not installed): the API's own no-op. */
  private static final class NoAgent {
    static final SpanBuilder SPAN_BUILDER =
        io.opentelemetry.api.trace.TracerProvider.noop().get("spanwise").spanBuilder("noop");
  }
}
