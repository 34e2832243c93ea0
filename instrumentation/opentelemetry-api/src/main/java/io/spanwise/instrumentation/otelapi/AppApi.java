package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiBridge;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/**
 * Conversions between the application's API types and the agent's objects, in the application's class
 * loader (helper). Uses only the 1.0 API surface.
 */
final class AppApi {
  /** The application API's own keys of the span and the baggage. */
  static final ContextKey<?> SPAN_KEY = KeyCapture.of(Span.getInvalid());
  static final ContextKey<?> BAGGAGE_KEY = KeyCapture.of(Baggage.empty());

  private static final Object[] NO_ATTRIBUTES = new Object[0];

  private AppApi() {}

  /** Any application context as the bridge's: its span, baggage and other entries kept. */
  static BridgedContext bridged(Context context) {
    if (context instanceof BridgedContext) {
      return (BridgedContext) context;
    }
    // A context the application's API built without the storage (Context.root() before API 1.2x, a
    // propagator's result on top of it): it starts from the root, it is not current.
    OtelApiBridge bridge = OtelApiTracing.bridge();
    Object agent = bridge.rootContext();
    Baggage baggage = Baggage.fromContextOrNull(context);
    if (baggage != null) {
      agent = bridge.withBaggage(agent, toAgentBaggage(baggage));
    }
    BridgedContext bridged = new BridgedContext(agent, new AppState(context, null, null));
    Span span = Span.fromContextOrNull(context);
    return span == null ? bridged : bridged.withSpan(span);
  }

  /** The agent span for an application span: the bridge's own, or one carrying its span context. */
  static Object toAgentSpan(Span span) {
    if (span instanceof BridgedSpan) {
      return ((BridgedSpan) span).agent;
    }
    return OtelApiTracing.bridge().wrap(toAgentSpanContext(span.getSpanContext()));
  }

  static Object toAgentSpanContext(SpanContext spanContext) {
    if (spanContext == null) {
      spanContext = SpanContext.getInvalid();
    }
    String[] state = null;
    TraceState traceState = spanContext.getTraceState();
    if (traceState != null && !traceState.isEmpty()) {
      String[] flat = new String[traceState.size() * 2];
      int[] at = {0};
      traceState.forEach((key, value) -> {
        if (at[0] < flat.length) {
          flat[at[0]++] = key;
          flat[at[0]++] = value;
        }
      });
      state = flat;
    }
    return OtelApiTracing.bridge().newSpanContext(spanContext.getTraceId(), spanContext.getSpanId(),
        spanContext.getTraceFlags().asByte(), state, spanContext.isRemote());
  }

  static SpanContext toAppSpanContext(Object agentSpanContext) {
    OtelApiBridge bridge = OtelApiTracing.bridge();
    if (agentSpanContext == null) {
      return SpanContext.getInvalid();
    }
    String[] flat = bridge.traceState(agentSpanContext);
    TraceState state = TraceState.getDefault();
    if (flat != null && flat.length > 1) {
      TraceStateBuilder builder = TraceState.builder();
      for (int i = 0; i + 1 < flat.length; i += 2) {
        builder.put(flat[i], flat[i + 1]);
      }
      state = builder.build();
    }
    TraceFlags flags = TraceFlags.fromByte(bridge.traceFlags(agentSpanContext));
    String traceId = bridge.traceId(agentSpanContext);
    String spanId = bridge.spanId(agentSpanContext);
    return bridge.isRemote(agentSpanContext) ? SpanContext.createFromRemoteParent(traceId, spanId, flags, state)
        : SpanContext.create(traceId, spanId, flags, state);
  }

  /** Flat (key, value, metadata) triples; empty for none. */
  static String[] toAgentBaggage(Baggage baggage) {
    if (baggage == null || baggage.isEmpty()) {
      return new String[0];
    }
    String[] flat = new String[baggage.size() * 3];
    int[] at = {0};
    baggage.forEach((key, entry) -> {
      if (at[0] < flat.length) {
        flat[at[0]++] = key;
        flat[at[0]++] = entry.getValue();
        flat[at[0]++] = entry.getMetadata() == null ? "" : entry.getMetadata().getValue();
      }
    });
    return flat;
  }

  /** Null for no baggage (as the API's own context answers). */
  static Baggage toAppBaggage(String[] flat) {
    if (flat == null || flat.length == 0) {
      return null;
    }
    BaggageBuilder builder = Baggage.builder();
    for (int i = 0; i + 2 < flat.length; i += 3) {
      String metadata = flat[i + 2];
      builder.put(flat[i], flat[i + 1],
          metadata == null || metadata.isEmpty() ? BaggageEntryMetadata.empty() : BaggageEntryMetadata.create(metadata));
    }
    return builder.build();
  }

  /** Flat (key, type name, value) triples. */
  static Object[] flatten(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return NO_ATTRIBUTES;
    }
    Object[] flat = new Object[attributes.size() * 3];
    int[] at = {0};
    attributes.forEach((key, value) -> {
      if (at[0] < flat.length) {
        flat[at[0]++] = key.getKey();
        flat[at[0]++] = key.getType().name();
        flat[at[0]++] = value;
      }
    });
    return flat;
  }
}
