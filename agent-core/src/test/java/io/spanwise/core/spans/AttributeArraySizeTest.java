package io.spanwise.core.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

/** A span's attribute array is made the size the tracer's ended spans of that kind needed. */
class AttributeArraySizeTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final CompactTracer tracer = new CompactTracer(Sampler.alwaysOn(), SimpleSpanProcessor.create(exporter),
      SpanLimits.getDefault(), Resource.getDefault(), InstrumentationScopeInfo.create("io.spanwise.test"));

  @Test
  void spansOfAKindGetTheRoomTheEarlierOnesUsed() {
    assertThat(capacityOf(span(SpanKind.CLIENT, 5))).as("the kind's guess, before any span ended").isEqualTo(8);
    assertThat(capacityOf(span(SpanKind.CLIENT, 3))).isEqualTo(5);
    assertThat(capacityOf(span(SpanKind.CLIENT, 5))).as("the most so far, not the last").isEqualTo(5);
    assertThat(capacityOf(span(SpanKind.SERVER, 2))).as("each kind on its own").isEqualTo(12);

    SpanData grown = span(SpanKind.CLIENT, 7);
    assertThat(grown.getAttributes().size()).as("a span with more grows its array").isEqualTo(7);
    assertThat(grown.getTotalAttributeCount()).isEqualTo(7);
    assertThat(capacityOf(span(SpanKind.CLIENT, 1))).isEqualTo(7);
    assertThat(exporter.getFinishedSpanItems()).hasSize(6);
  }

  /** An ended span of {@code kind} that was given {@code count} attributes, as the exporter got it. */
  private SpanData span(SpanKind kind, int count) {
    Span span = tracer.spanBuilder("s").setSpanKind(kind).startSpan();
    for (int i = 0; i < count; i++) {
      span.setAttribute("a" + i, i);
    }
    span.end();
    SpanData data = exporter.getFinishedSpanItems().get(exporter.getFinishedSpanItems().size() - 1);
    assertThat(data.getAttributes().size()).isEqualTo(count);
    return data;
  }

  private static int capacityOf(SpanData span) {
    return ((CompactAttributes) span.getAttributes()).capacity();
  }
}
