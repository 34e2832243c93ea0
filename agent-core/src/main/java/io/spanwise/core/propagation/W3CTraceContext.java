package io.spanwise.core.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * The W3C {@code traceparent}/{@code tracestate} headers per Trace Context Level 2.
 *
 * <p>{@code traceparent} is OpenTelemetry's {@link W3CTraceContextPropagator} (its validation is what
 * Level 2 asks for: versions, lengths, characters, all-zero ids, data after version {@code 00}, higher
 * versions read forward-compatibly), plus one Level 2 rule it loses: the <em>random</em> trace-id flag
 * ({@code 0x02}). It says the trace id was generated randomly, which stays true for every span of the
 * trace, so a continued trace keeps it on outgoing calls; the SDK gives a child span only the sampled
 * bit. Traces started here are not flagged (the id generator is configurable; the flag is a promise
 * about it).
 *
 * <p>{@code tracestate} is read by {@link W3CTraceState} (Level 2's key grammar, which OpenTelemetry's
 * Level 1 parser rejects) and only when {@code traceparent} was valid; OpenTelemetry's propagator never
 * sees it. The list rides in the span context and is written by OpenTelemetry's writer, in order.
 */
public final class W3CTraceContext implements TextMapPropagator {
  private static final String TRACESTATE = "tracestate";
  private static final byte RANDOM = 0x02;
  private static final int FLAGS_OFFSET = 53; // "00-" + 32 + "-" + 16 + "-"
  /** The trace id of an incoming traceparent that had the random flag. */
  private static final ContextKey<String> RANDOM_TRACE = ContextKey.named("spanwise-w3c-random-trace-id");
  private static final W3CTraceContext INSTANCE = new W3CTraceContext();

  private W3CTraceContext() {}

  public static W3CTraceContext getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return W3CTraceContextPropagator.getInstance().fields();
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      context = Context.root();
    }
    if (getter == null) {
      return context;
    }
    Context extracted = W3CTraceContextPropagator.getInstance().extract(context, carrier, new WithoutTracestate<>(getter));
    if (extracted == context) {
      return context; // no valid traceparent: tracestate is not read
    }
    SpanContext remote = Span.fromContext(extracted).getSpanContext();
    if (!remote.isRemote() || !remote.isValid()) {
      return extracted;
    }
    TraceState traceState = W3CTraceState.parse(getter.get(carrier, TRACESTATE));
    if (!traceState.isEmpty()) {
      extracted = extracted.with(Span.wrap(SpanContext.createFromRemoteParent(
          remote.getTraceId(), remote.getSpanId(), remote.getTraceFlags(), traceState)));
    }
    if ((remote.getTraceFlags().asByte() & RANDOM) != 0) {
      return extracted.with(RANDOM_TRACE, remote.getTraceId());
    }
    return extracted;
  }

  /** The carrier without {@code tracestate}, for OpenTelemetry's Level 1 parser. */
  private static final class WithoutTracestate<C> implements TextMapGetter<C> {
    private final TextMapGetter<C> getter;

    WithoutTracestate(TextMapGetter<C> getter) {
      this.getter = getter;
    }

    @Override
    public Iterable<String> keys(C carrier) {
      return getter.keys(carrier);
    }

    @Override
    public String get(C carrier, String key) {
      return TRACESTATE.equalsIgnoreCase(key) ? null : getter.get(carrier, key);
    }
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    String randomTrace = context.get(RANDOM_TRACE);
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (randomTrace == null || !randomTrace.equals(span.getTraceId())) {
      W3CTraceContextPropagator.getInstance().inject(context, carrier, setter);
      return;
    }
    W3CTraceContextPropagator.getInstance().inject(context, carrier, (c, name, value) -> {
      setter.set(c, name, "traceparent".equals(name) ? withRandomFlag(value) : value);
    });
  }

  static String withRandomFlag(String traceparent) {
    if (traceparent == null || traceparent.length() < FLAGS_OFFSET + 2) {
      return traceparent;
    }
    int flags = Integer.parseInt(traceparent.substring(FLAGS_OFFSET, FLAGS_OFFSET + 2), 16) | RANDOM;
    return traceparent.substring(0, FLAGS_OFFSET) + Character.forDigit(flags >> 4, 16)
        + Character.forDigit(flags & 0xf, 16) + traceparent.substring(FLAGS_OFFSET + 2);
  }
}
