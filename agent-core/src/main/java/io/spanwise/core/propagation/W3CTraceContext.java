package io.spanwise.core.propagation;

import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.spanwise.core.spans.CompactSpanContext;
import java.util.Collection;

/**
 * The W3C {@code traceparent}/{@code tracestate} headers per Trace Context Level 2.
 *
 * <p>{@code traceparent} is read and written with OpenTelemetry's {@link W3CTraceContextPropagator}'s
 * rules (its validation is what Level 2 asks for: versions, lengths, characters, all-zero ids, data
 * after version {@code 00}, higher versions read forward-compatibly), here, from and into the ids as
 * numbers ({@link CompactSpanContext}): OpenTelemetry's reader cuts both ids out as strings, and its
 * writer asks for their text, which an agent span makes only when asked. One Level 2 rule
 * OpenTelemetry loses is kept: the <em>random</em> trace-id flag ({@code 0x02}). It says the trace id
 * was generated randomly, which stays true for every span of the trace, so a continued trace keeps it
 * on outgoing calls; the SDK gives a child span only the sampled bit. Traces started here are not
 * flagged (the id generator is configurable; the flag is a promise about it).
 *
 * <p>{@code tracestate} is read by {@link W3CTraceState} (Level 2's key grammar, which OpenTelemetry's
 * Level 1 parser rejects) and only when {@code traceparent} was valid. The list rides in the span
 * context and is written by OpenTelemetry's writer, in order.
 */
public final class W3CTraceContext implements TextMapPropagator {
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";
  private static final byte RANDOM = 0x02;
  // "00-" + 32 hex + "-" + 16 hex + "-" + 2 hex
  private static final int TRACE_ID_OFFSET = 3;
  private static final int SPAN_ID_OFFSET = 36;
  private static final int FLAGS_OFFSET = 53;
  private static final int LENGTH = 55;
  /** The remote parent of an incoming traceparent that had the random flag. */
  private static final ContextKey<SpanContext> RANDOM_TRACE = ContextKey.named("spanwise-w3c-random-trace");
  /** The header is written here, then copied once into its string. */
  private static final ThreadLocal<char[]> HEADER = ThreadLocal.withInitial(() -> new char[LENGTH]);
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
    String traceparent = getter.get(carrier, TRACEPARENT);
    if (traceparent == null || !isValid(traceparent)) {
      return context; // no valid traceparent: tracestate is not read
    }
    long traceIdHigh = OtelEncodingUtils.longFromBase16String(traceparent, TRACE_ID_OFFSET);
    long traceIdLow = OtelEncodingUtils.longFromBase16String(traceparent, TRACE_ID_OFFSET + 16);
    long spanId = OtelEncodingUtils.longFromBase16String(traceparent, SPAN_ID_OFFSET);
    if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) {
      return context;
    }
    byte flags = OtelEncodingUtils.byteFromBase16(traceparent.charAt(FLAGS_OFFSET), traceparent.charAt(FLAGS_OFFSET + 1));
    SpanContext remote = CompactSpanContext.remote(traceIdHigh, traceIdLow, spanId, TraceFlags.fromByte(flags),
        W3CTraceState.parse(getter.get(carrier, TRACESTATE)));
    Context extracted = context.with(Span.wrap(remote));
    return (flags & RANDOM) != 0 ? extracted.with(RANDOM_TRACE, remote) : extracted;
  }

  /**
   * OpenTelemetry's checks: 55 characters for version {@code 00}, at least that and a dash after them
   * for a later one; version {@code ff} is invalid; the dashes where they belong; lower-case hex digits.
   */
  static boolean isValid(String traceparent) {
    int length = traceparent.length();
    if (length < LENGTH || (length > LENGTH && traceparent.charAt(LENGTH) != '-')) {
      return false;
    }
    if (traceparent.charAt(TRACE_ID_OFFSET - 1) != '-' || traceparent.charAt(SPAN_ID_OFFSET - 1) != '-'
        || traceparent.charAt(FLAGS_OFFSET - 1) != '-') {
      return false;
    }
    char v0 = traceparent.charAt(0);
    char v1 = traceparent.charAt(1);
    if (!isHex(traceparent, 0, 2) || (v0 == 'f' && v1 == 'f') || (v0 == '0' && v1 == '0' && length > LENGTH)) {
      return false;
    }
    return isHex(traceparent, TRACE_ID_OFFSET, SPAN_ID_OFFSET - 1) && isHex(traceparent, SPAN_ID_OFFSET, FLAGS_OFFSET - 1)
        && isHex(traceparent, FLAGS_OFFSET, LENGTH);
  }

  private static boolean isHex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!OtelEncodingUtils.isValidBase16Character(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return;
    }
    SpanContext randomParent = context.get(RANDOM_TRACE);
    boolean random = randomParent != null && CompactSpanContext.sameTrace(randomParent, span);
    setter.set(carrier, TRACEPARENT, traceparent(span, random));
    if (!span.getTraceState().isEmpty()) {
      // OpenTelemetry's writer for the list; its traceparent is the same as the one written above
      W3CTraceContextPropagator.getInstance().inject(context, carrier, (c, name, value) -> {
        if (TRACESTATE.equals(name)) {
          setter.set(c, name, value);
        }
      });
    }
  }

  static String traceparent(SpanContext span, boolean random) {
    char[] chars = HEADER.get();
    chars[0] = '0';
    chars[1] = '0';
    chars[TRACE_ID_OFFSET - 1] = '-';
    chars[SPAN_ID_OFFSET - 1] = '-';
    chars[FLAGS_OFFSET - 1] = '-';
    if (span instanceof CompactSpanContext) {
      ((CompactSpanContext) span).writeIds(chars, TRACE_ID_OFFSET, SPAN_ID_OFFSET);
    } else {
      span.getTraceId().getChars(0, 32, chars, TRACE_ID_OFFSET);
      span.getSpanId().getChars(0, 16, chars, SPAN_ID_OFFSET);
    }
    byte flags = span.getTraceFlags().asByte();
    OtelEncodingUtils.byteToBase16(random ? (byte) (flags | RANDOM) : flags, chars, FLAGS_OFFSET);
    return new String(chars, 0, LENGTH);
  }
}
