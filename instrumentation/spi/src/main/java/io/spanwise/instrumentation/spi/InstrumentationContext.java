package io.spanwise.instrumentation.spi;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.HeaderGetter;

/**
 * What the core hands to each enabled module when it installs it ({@link InstrumentationModule#install}):
 * the tracer, the configured propagators and the configuration. A module's agent-side code (its tracer)
 * builds spans with the OpenTelemetry API and returns them to its advice as {@link AgentSpan}s.
 */
public interface InstrumentationContext {
  /** The agent's tracer (its own SDK, never the application's). */
  Tracer tracer();

  /**
   * The agent's tracer for another instrumentation scope (the application's own tracer names, through the
   * opentelemetry-api bridge); {@code version} may be null. The same SDK, sampler and suppression as
   * {@link #tracer()}.
   */
  default Tracer tracer(String scopeName, String version) {
    return tracer();
  }

  /** The propagators of {@code otel.propagators}. */
  ContextPropagators propagators();

  /** The configuration, for the module's own settings. */
  InstrumentationConfig config();

  /**
   * The context propagated in {@code carrier} on top of {@code parent}, read through the module's getter
   * with the W3C rules for repeated header lines (two {@code traceparent} lines are invalid, repeated
   * {@code tracestate} and {@code baggage} lines are one list).
   */
  <C> Context extract(Context parent, C carrier, HeaderGetter<C> getter);

  /** Whether this thread is the agent's own exporter: calls made there (the OTLP export) are never traced. */
  boolean isAgentThread();
}
