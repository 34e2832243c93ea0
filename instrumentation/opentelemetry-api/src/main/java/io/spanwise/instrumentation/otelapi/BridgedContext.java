package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/**
 * The application's {@code Context}: the agent's context (span and baggage live there, mapped to and from
 * the application's types) plus the application's own entries (helper). Immutable like every context.
 */
final class BridgedContext implements Context {
  /** The agent's context; never null. */
  final Object agent;
  /** The application's own entries and span object; null for none. */
  final AppState state;

  BridgedContext(Object agent, AppState state) {
    this.agent = agent;
    this.state = state;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    if (key == AppApi.SPAN_KEY) {
      return (V) span();
    }
    if (key == AppApi.BAGGAGE_KEY) {
      return (V) AppApi.toAppBaggage(OtelApiTracing.bridge().baggageOf(agent));
    }
    return state == null || state.entries == null ? null : state.entries.get(key);
  }

  private Span span() {
    Object agentSpan = OtelApiTracing.bridge().spanOf(agent);
    if (agentSpan == null) {
      return null;
    }
    if (state != null && state.appSpan != null && state.agentSpan == agentSpan) {
      return state.appSpan;
    }
    return new BridgedSpan(agentSpan);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    if (key == AppApi.SPAN_KEY) {
      return withSpan((Span) value);
    }
    if (key == AppApi.BAGGAGE_KEY) {
      return new BridgedContext(
          OtelApiTracing.bridge().withBaggage(agent, AppApi.toAgentBaggage((Baggage) value)), state);
    }
    Context entries = state == null || state.entries == null ? AppEntries.EMPTY : state.entries;
    return new BridgedContext(agent, new AppState(entries.with(key, value),
        state == null ? null : state.appSpan, state == null ? null : state.agentSpan));
  }

  BridgedContext withSpan(Span span) {
    Object agentSpan = AppApi.toAgentSpan(span == null ? Span.getInvalid() : span);
    Object context = OtelApiTracing.bridge().withSpan(agent, agentSpan);
    Context entries = state == null ? null : state.entries;
    boolean own = span == null || span instanceof BridgedSpan;
    return new BridgedContext(context,
        own && entries == null ? null : new AppState(entries, own ? null : span, own ? null : agentSpan));
  }

  /** The agent's context to make current: with the application's state, when there is any. */
  Object toAttach() {
    return state == null ? agent : OtelApiTracing.bridge().withApplicationState(agent, state);
  }

  @Override
  public String toString() {
    return "BridgedContext{" + agent + (state != null && state.entries != null ? ", " + state.entries : "") + "}";
  }
}
