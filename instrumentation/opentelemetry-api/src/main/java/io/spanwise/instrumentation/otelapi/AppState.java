package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * What the application's context holds beyond the agent's context, carried inside the agent's context
 * while it is current (so across threads too): the application's own entries, and the application's own
 * span object when it is not one of the bridge's (a span of the application's own SDK) together with the
 * agent span that stands for it (helper). Only this class loader's API reads it back.
 */
final class AppState {
  /** The application's other entries; null for none. */
  final Context entries;
  /** The application's span object for {@link #agentSpan}; null when the span is the bridge's. */
  final Span appSpan;
  final Object agentSpan;

  AppState(Context entries, Span appSpan, Object agentSpan) {
    this.entries = entries;
    this.appSpan = appSpan;
    this.agentSpan = agentSpan;
  }
}
