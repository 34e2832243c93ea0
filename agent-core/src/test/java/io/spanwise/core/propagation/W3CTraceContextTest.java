package io.spanwise.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.spanwise.core.spans.CompactSpanContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class W3CTraceContextTest {
  private static final String TRACE_ID = "12345678901234567890123456789012";
  private static final String PARENT = "00-" + TRACE_ID + "-1234567890123456-00";
  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier.get(key);
    }
  };

  private static Context extract(String traceparent, String tracestate) {
    Map<String, String> headers = new HashMap<>();
    if (traceparent != null) {
      headers.put("traceparent", traceparent);
    }
    if (tracestate != null) {
      headers.put("tracestate", tracestate);
    }
    return W3CTraceContext.getInstance().extract(Context.root(), headers, GETTER);
  }

  private static Map<String, String> inject(Context context) {
    Map<String, String> headers = new HashMap<>();
    W3CTraceContext.getInstance().inject(context, headers, Map::put);
    return headers;
  }

  @Test
  void level2TracestateIsReadWithTheParentAndWrittenInOrder() {
    String key256 = "t".repeat(241) + "@" + "v".repeat(14);
    Context context = extract(PARENT, "foo@=1, bar=2,foo@@bar=3,foo@bar@baz=4," + key256 + "=5,bar=6");
    SpanContext parent = Span.fromContext(context).getSpanContext();
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(parent.getTraceState().get("foo@")).isEqualTo("1");

    assertThat(inject(context)).containsEntry("traceparent", PARENT)
        .containsEntry("tracestate", "foo@=1,bar=2,foo@@bar=3,foo@bar@baz=4," + key256 + "=5");
  }

  @Test
  void anInvalidTracestateKeepsTheParent() {
    Context context = extract(PARENT, "@foo=1,bar=2");
    assertThat(Span.fromContext(context).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    assertThat(inject(context)).containsEntry("traceparent", PARENT).doesNotContainKey("tracestate");
  }

  @Test
  void tracestateIsNotReadWithoutAValidTraceparent() {
    assertThat(Span.fromContext(extract(null, "foo=1")).getSpanContext().isValid()).isFalse();
    assertThat(Span.fromContext(extract("00-" + "0".repeat(32) + "-1234567890123456-01", "foo=1")).getSpanContext()
        .isValid()).isFalse();
    assertThat(inject(extract(null, "foo=1"))).isEmpty();
  }

  @Test
  void theRandomFlagIsKept() {
    Context context = extract("00-" + TRACE_ID + "-1234567890123456-02", "foo=1");
    assertThat(inject(context)).containsEntry("traceparent", "00-" + TRACE_ID + "-1234567890123456-02")
        .containsEntry("tracestate", "foo=1");
  }

  @Test
  void traceparentIsAcceptedAndRejectedAsOpenTelemetrysPropagatorDoes() {
    String span = "-1234567890123456-";
    String[] headers = {
        PARENT, "00-" + TRACE_ID + span + "01", "00-" + TRACE_ID + span + "ff", "01-" + TRACE_ID + span + "01",
        "cc-" + TRACE_ID + span + "01-what-the-future-holds", "cc-" + TRACE_ID + span + "01x",
        "00-" + TRACE_ID + span + "01-", "ff-" + TRACE_ID + span + "01", "fe-" + TRACE_ID + span + "01",
        "0g-" + TRACE_ID + span + "01", "00-" + TRACE_ID.toUpperCase() + span + "01",
        "00-" + "0".repeat(32) + span + "01", "00-" + TRACE_ID + "-0000000000000000-01",
        "00-" + "0".repeat(31) + "1-0000000000000001-01", "00-" + TRACE_ID + span + "0x",
        "00_" + TRACE_ID + span + "01", "00-" + TRACE_ID + "_1234567890123456-01",
        "00-" + TRACE_ID + "-1234567890123456_01", "00-" + TRACE_ID + span + "0", "00-" + TRACE_ID + span,
        "", "00", "00-" + TRACE_ID.substring(1) + span + "01", " 00-" + TRACE_ID + span + "01",
        "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01",
    };
    for (String header : headers) {
      Map<String, String> carrier = Map.of("traceparent", header);
      SpanContext ours = Span.fromContext(W3CTraceContext.getInstance().extract(Context.root(), carrier, GETTER))
          .getSpanContext();
      SpanContext theirs = Span.fromContext(
          W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER)).getSpanContext();
      assertThat(ours.isValid()).as(header).isEqualTo(theirs.isValid());
      if (theirs.isValid()) {
        assertThat(ours).as(header).isInstanceOf(CompactSpanContext.class).isEqualTo(theirs)
            .hasSameHashCodeAs(theirs).hasToString(theirs.toString());
        assertThat(ours.getTraceId()).isEqualTo(theirs.getTraceId());
        assertThat(ours.getSpanId()).isEqualTo(theirs.getSpanId());
        assertThat(ours.isRemote()).isTrue();
      }
    }
  }

  @Test
  void theHeaderWrittenIsOpenTelemetrysForAgentAndSdkContexts() {
    Context remote = extract("00-" + TRACE_ID + "-1234567890123456-01", null);
    SpanContext sdk = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getDefault(), TraceState.getDefault());
    for (Context context : new Context[] {remote, Context.root().with(Span.wrap(sdk))}) {
      Map<String, String> theirs = new HashMap<>();
      W3CTraceContextPropagator.getInstance().inject(context, theirs, Map::put);
      assertThat(inject(context)).isEqualTo(theirs);
    }
    assertThat(inject(Context.root().with(Span.wrap(sdk)))).containsEntry("traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
  }

  @Test
  void theRandomFlagIsKeptWithoutATracestate() {
    Context context = extract("00-" + TRACE_ID + "-1234567890123456-03", null);
    assertThat(inject(context)).containsExactly(Map.entry("traceparent", "00-" + TRACE_ID + "-1234567890123456-03"));
    // another trace under the same context (a new root started in it) is not flagged
    SpanContext other = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault());
    assertThat(inject(context.with(Span.wrap(other)))).containsEntry("traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  }
}
