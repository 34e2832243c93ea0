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
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  @Test
  void aSamplerThatReadsTheTraceIdIsGivenItsTextAndOneThatDoesNotLeavesItUnmade() {
    List<String> seen = new ArrayList<>();
    Sampler recording = new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
          Attributes attributes, List<LinkData> parentLinks) {
        seen.add(traceId);
        return SamplingResult.recordAndSample();
      }

      @Override
      public String getDescription() {
        return "recording";
      }
    };
    CompactTracer forRoots = new CompactTracer(Sampler.parentBased(recording), CompactTracer.SamplerReadsTraceId.FOR_ROOTS,
        SimpleSpanProcessor.create(InMemorySpanExporter.create()), SpanLimits.getDefault(), Resource.getDefault(),
        InstrumentationScopeInfo.create("io.spanwise.test"));
    Span root = forRoots.spanBuilder("root").startSpan();
    forRoots.spanBuilder("child").setParent(Context.root().with(root)).startSpan();
    assertThat(seen).containsExactly(root.getSpanContext().getTraceId());

    CompactTracer never = new CompactTracer(Sampler.parentBased(Sampler.alwaysOn()),
        CompactTracer.SamplerReadsTraceId.NEVER, SimpleSpanProcessor.create(InMemorySpanExporter.create()),
        SpanLimits.getDefault(), Resource.getDefault(), InstrumentationScopeInfo.create("io.spanwise.test"));
    CompactSpanContext context = (CompactSpanContext) never.spanBuilder("root").startSpan().getSpanContext();
    assertThat(context.traceIdTextIfMade()).isNull();
    // made when asked, from the ids the span carries
    assertThat(context.getTraceId()).matches("[0-9a-f]{32}");
    assertThat(OtelEncodingUtils.bytesFromBase16(context.getTraceId(), 32)).isEqualTo(context.getTraceIdBytes());
    assertThat(context.isSampled()).isTrue();
  }
}
