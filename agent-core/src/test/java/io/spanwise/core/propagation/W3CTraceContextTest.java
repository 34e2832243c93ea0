package io.spanwise.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
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
}
