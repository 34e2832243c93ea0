package io.spanwise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field a test reads survives the copy. The span here is of the test's own SDK (the converter
 * only goes through the public interfaces, found by name in the span's loader, so the loader does not
 * matter); the isolated case is covered by the module tests, which all read converted spans.
 */
class SpanConverterTest {
  private final SpanConverter converter = new SpanConverter(SpanConverterTest.class.getClassLoader());

  @Test
  void copiesEveryField() {
    TraceState state = TraceState.builder().put("b", "2").put("a", "1").build();
    SpanContext parent = SpanContext.createFromRemoteParent(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), state);
    SpanContext self = SpanContext.create(
        "0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7", TraceFlags.getSampled(), state);
    SpanContext linked = SpanContext.create(
        "4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8", TraceFlags.getDefault(), TraceState.getDefault());
    Attributes attributes = Attributes.builder()
        .put("s", "text").put("b", true).put("l", 42L).put("d", 1.5)
        .put(AttributeKey.stringArrayKey("sa"), List.of("x", "y"))
        .put(AttributeKey.booleanArrayKey("ba"), List.of(true, false))
        .put(AttributeKey.longArrayKey("la"), List.of(1L, 2L))
        .put(AttributeKey.doubleArrayKey("da"), List.of(0.5, 2.5))
        .build();
    IllegalStateException failure = new IllegalStateException("boom");
    SpanData span = TestSpanData.builder()
        .setName("GET /orders/{id}")
        .setKind(SpanKind.SERVER)
        .setSpanContext(self)
        .setParentSpanContext(parent)
        .setAttributes(attributes)
        .setEvents(List.of(
            EventData.create(10L, "retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), 3),
            ExceptionEventData.create(20L, failure, Attributes.of(AttributeKey.stringKey("exception.type"),
                "java.lang.IllegalStateException"), 1)))
        .setLinks(List.of(LinkData.create(linked, Attributes.of(AttributeKey.stringKey("why"), "batch"), 2)))
        .setStatus(StatusData.create(StatusCode.ERROR, "boom"))
        .setStartEpochNanos(1_000L)
        .setEndEpochNanos(2_000L)
        .setHasEnded(true)
        .setTotalRecordedEvents(5)
        .setTotalRecordedLinks(1)
        .setTotalAttributeCount(9)
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders"), "https://schema"))
        .setInstrumentationScopeInfo(InstrumentationScopeInfo.builder("spanwise").setVersion("0.1")
            .setSchemaUrl("https://scope").setAttributes(Attributes.of(AttributeKey.stringKey("k"), "v")).build())
        .build();

    SpanData copy = converter.convert(span);

    assertThat(copy).isEqualTo(span);
    assertThat(copy.getSpanContext().getTraceState().asMap()).containsExactly(
        span.getSpanContext().getTraceState().asMap().entrySet().toArray(new java.util.Map.Entry[0]));
    assertThat(copy.getParentSpanContext().isRemote()).isTrue();
    assertThat(copy.getEvents().get(1)).isInstanceOf(ExceptionEventData.class);
    assertThat(((ExceptionEventData) copy.getEvents().get(1)).getException()).isSameAs(failure);
  }

  @Test
  void aRootSpanKeepsItsInvalidParentAndUnsetStatus() {
    SpanData span = TestSpanData.builder()
        .setName("root")
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault()))
        .setStatus(StatusData.unset())
        .setStartEpochNanos(1L)
        .setEndEpochNanos(2L)
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .setTotalAttributeCount(0)
        .build();

    SpanData copy = converter.convert(span);

    assertThat(copy).isEqualTo(span);
    assertThat(copy.getParentSpanContext().isValid()).isFalse();
    assertThat(copy.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }
}
