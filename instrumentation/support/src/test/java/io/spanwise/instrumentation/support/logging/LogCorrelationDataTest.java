package io.spanwise.instrumentation.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogCorrelationDataTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private final LogCorrelationData correlation = new LogCorrelationData("trace_id", "span_id", "trace_flags", false);

  private static Scope inSpan() {
    return Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())).makeCurrent();
  }

  @Test
  void theEventsMapPlusTheIdsTheApplicationsKeysWinNothingIsChanged() throws Exception {
    Map<String, String> mdc = new HashMap<>(Map.of("user", "ann", "trace_flags", "mine"));
    Map<String, String> correlated;
    try (Scope ignored = inSpan()) {
      correlated = correlation.withCorrelation(mdc, true);
    }
    Map<String, String> expected = Map.of("user", "ann", "trace_flags", "mine", "trace_id", TRACE,
        "span_id", SPAN, "traceId", TRACE, "spanId", SPAN);
    assertThat(correlated).isEqualTo(expected).hasSize(6);
    assertThat(new HashMap<>(correlated)).isEqualTo(expected);
    assertThat(mdc).isEqualTo(Map.of("user", "ann", "trace_flags", "mine"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(correlated);
    }
    Object read = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertThat(read).isInstanceOf(HashMap.class).isEqualTo(expected);
  }

  @Test
  void unchangedOutsideASpanOrWhenTheTraceIdIsThere() {
    Map<String, String> mdc = Map.of("user", "ann");
    assertThat(correlation.withCorrelation(mdc, false)).isSameAs(mdc);
    assertThat(correlation.withCorrelation(null, false)).isNull();
    Map<String, String> own = Map.of("trace_id", "app");
    try (Scope ignored = inSpan()) {
      assertThat(correlation.withCorrelation(own, false)).isSameAs(own);
      assertThat(correlation.withCorrelation(null, false))
          .isEqualTo(Map.of("trace_id", TRACE, "span_id", SPAN, "trace_flags", "01"));
    }
  }

  @Test
  void oneKeysValueOnlyInsideASpanAndOnlyForTheCorrelationKeys() {
    assertThat(correlation.value("trace_id", null, false)).isNull();
    try (Scope ignored = inSpan()) {
      assertThat(correlation.value("trace_id", null, false)).isEqualTo(TRACE);
      assertThat(correlation.value("span_id", Map.of("user", "ann"), false)).isEqualTo(SPAN);
      assertThat(correlation.value("trace_flags", null, false)).isEqualTo("01");
      assertThat(correlation.value("traceId", null, false)).isNull();
      assertThat(correlation.value("spanId", null, true)).isEqualTo(SPAN);
      assertThat(correlation.value("user", null, true)).isNull();
      assertThat(correlation.value(null, null, true)).isNull();
      assertThat(correlation.value("baggage.tenant", null, false)).isNull();
      assertThat(correlation.value("span_id", Map.of("trace_id", "app"), false))
          .as("the application's own trace id: no other id is added").isNull();
    }
  }

  /** The events of one request with an unchanged MDC share one view; a new MDC map or span gets its own. */
  @Test
  void theSameViewWhileTheMdcMapAndTheSpanAreTheSame() {
    Map<String, String> mdc = Map.of("user", "ann");
    Map<String, String> first;
    try (Scope ignored = inSpan()) {
      first = correlation.withCorrelation(mdc, false);
      assertThat(correlation.withCorrelation(mdc, false)).isSameAs(first);
      assertThat(correlation.withCorrelation(first, false)).as("read again").isSameAs(first);
      assertThat(correlation.withCorrelation(mdc, true)).isNotSameAs(first).containsEntry("traceId", TRACE);
      Map<String, String> changed = Map.of("user", "bob");
      assertThat(correlation.withCorrelation(changed, false)).isNotSameAs(first)
          .isEqualTo(Map.of("user", "bob", "trace_id", TRACE, "span_id", SPAN, "trace_flags", "01"));
      assertThat(correlation.withCorrelation(null, false)).isSameAs(correlation.withCorrelation(null, false));
    }
    String other = "0af7651916cd43dd8448eb211c80319c";
    try (Scope ignored = Span.wrap(SpanContext.create(other, SPAN, TraceFlags.getSampled(),
        TraceState.getDefault())).makeCurrent()) {
      assertThat(correlation.withCorrelation(mdc, false)).containsEntry("trace_id", other);
    }
    try (Scope ignored = inSpan()) {
      assertThat(correlation.withCorrelation(mdc, false)).isNotSameAs(first).isEqualTo(first);
    }
  }
}
