package io.spanwise.core.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A compact span's context answers as the SDK's context of the same ids does. */
class CompactSpanContextTest {
  private final CompactTracer tracer = new CompactTracer(Sampler.alwaysOn(),
      SimpleSpanProcessor.create(InMemorySpanExporter.create()), SpanLimits.getDefault(), Resource.getDefault(),
      InstrumentationScopeInfo.create("io.spanwise.test"));

  @Test
  void itsIdsTextBytesEqualityAndHashAreThoseOfTheSdksContext() {
    for (int i = 0; i < 50; i++) {
      SpanContext context = tracer.spanBuilder("s").startSpan().getSpanContext();
      assertThat(context).isInstanceOf(CompactSpanContext.class);
      SpanContext same = SpanContext.create(context.getTraceId(), context.getSpanId(), context.getTraceFlags(),
          context.getTraceState());
      assertThat(context.getTraceId()).matches("[0-9a-f]{32}");
      assertThat(context.getSpanId()).matches("[0-9a-f]{16}");
      assertThat(context.getTraceIdBytes()).isEqualTo(same.getTraceIdBytes());
      assertThat(context.getSpanIdBytes()).isEqualTo(same.getSpanIdBytes());
      assertThat(context).isEqualTo(same).hasSameHashCodeAs(same).hasToString(same.toString());
      assertThat(context.isValid()).isTrue();
      assertThat(context.isRemote()).isFalse();
    }
  }

  @Test
  void aChildSharesItsParentsTraceIdText() {
    Span parent = tracer.spanBuilder("parent").startSpan();
    Span child = tracer.spanBuilder("child").setParent(Context.root().with(parent)).startSpan();
    assertThat(child.getSpanContext().getTraceId()).isSameAs(parent.getSpanContext().getTraceId());
    assertThat(child.getSpanContext().getSpanId()).isNotEqualTo(parent.getSpanContext().getSpanId());
  }

  @Test
  void theW3cPropagatorInjectsIdsWhoseTextIsMadeWhileItWritesTheHeader() {
    // the span id's text is made during the inject: the propagator's scratch buffer must stay intact
    Span span = tracer.spanBuilder("GET").startSpan();
    SpanContext context = span.getSpanContext();
    Map<String, String> headers = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, Map::put);
    assertThat(headers.get("traceparent"))
        .isEqualTo("00-" + context.getTraceId() + "-" + context.getSpanId() + "-01");
  }
}
