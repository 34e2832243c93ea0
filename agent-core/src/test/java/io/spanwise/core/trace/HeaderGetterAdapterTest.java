package io.spanwise.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.spanwise.bootstrap.api.HeaderGetter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderGetterAdapterTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  /** Header lines as a multimap, the way an HTTP server sees them. */
  private static final HeaderGetter<Map<String, List<String>>> LINES = new HeaderGetter<>() {
    @Override
    public Iterator<String> getAll(Map<String, List<String>> carrier, String name) {
      return carrier.getOrDefault(name, List.of()).iterator();
    }
  };

  private static final TextMapPropagator W3C = TextMapPropagator.composite(
      W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  private static Context extract(Map<String, List<String>> headers) {
    return W3C.extract(Context.root(), headers, new HeaderGetterAdapter<>(LINES));
  }

  @Test
  void oneTraceparentLineIsTheParent() {
    SpanContext parent = Span.fromContext(extract(Map.of("traceparent", List.of(PARENT)))).getSpanContext();
    assertThat(parent.isValid()).isTrue();
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void twoTraceparentLinesAreInvalidAndDropTracestate() {
    Context context = extract(Map.of(
        "traceparent", List.of(PARENT, PARENT),
        "tracestate", List.of("a=1")));
    assertThat(Span.fromContext(context).getSpanContext().isValid()).isFalse();
  }

  @Test
  void tracestateLinesAreOneList() {
    Context context = extract(Map.of(
        "traceparent", List.of(PARENT),
        "tracestate", List.of("a=1,b=2", "c=3")));
    assertThat(Span.fromContext(context).getSpanContext().getTraceState().asMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2", "c", "3"));
  }

  @Test
  void baggageLinesAreOneList() {
    Baggage baggage = Baggage.fromContext(extract(Map.of("baggage", List.of("user=alice", "tier=gold%20plus"))));
    assertThat(baggage.getEntryValue("user")).isEqualTo("alice");
    assertThat(baggage.getEntryValue("tier")).isEqualTo("gold plus");
  }

  @Test
  void missingHeadersGiveNoParent() {
    assertThat(Span.fromContext(extract(Map.of())).getSpanContext().isValid()).isFalse();
  }

  private static Map<String, String> tracestateAfter(String... lines) {
    Context context = extract(Map.of("traceparent", List.of(PARENT), "tracestate", List.of(lines)));
    SpanContext parent = Span.fromContext(context).getSpanContext();
    assertThat(parent.isValid()).as("traceparent stays valid").isTrue();
    return parent.getTraceState().asMap();
  }

  @Test
  void thirtyTwoTracestateMembersAreKept() {
    StringBuilder list = new StringBuilder("k0=v");
    for (int i = 1; i < 32; i++) {
      list.append(",k").append(i).append("=v");
    }
    assertThat(tracestateAfter(list.toString())).hasSize(32);
  }

  @Test
  void moreThanThirtyTwoMembersAcrossLinesDropTheWholeList() {
    StringBuilder first = new StringBuilder("k0=v");
    for (int i = 1; i < 20; i++) {
      first.append(",k").append(i).append("=v");
    }
    StringBuilder second = new StringBuilder("m0=v");
    for (int i = 1; i < 13; i++) {
      second.append(",m").append(i).append("=v");
    }
    assertThat(tracestateAfter(first.toString(), second.toString())).isEmpty();
  }

  @Test
  void anInvalidMemberDropsTheWholeListNotJustTheMember() {
    assertThat(tracestateAfter("good=1,BAD KEY=2,other=3")).isEmpty();
    assertThat(tracestateAfter("good=1", "bad=val,ue=x=y")).isEmpty();
  }

  @Test
  void multiTenantKeysAreAccepted() {
    assertThat(tracestateAfter("tenant@vendor=1,vendor=2")).containsEntry("tenant@vendor", "1");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "a=1,b=2|a=1,b=2",
      "'a=1 , ,\tb=2,,'|a=1,b=2",
      "',a=1'|a=1",
      "' '|''",
      "a=x y|a=x y",
  })
  void tracestateLosesEmptyMembersAndWhitespaceAroundMembersOnly(String in, String out) {
    assertThat(HeaderGetterAdapter.withoutEmptyMembers(in)).isEqualTo(out == null ? "" : out);
  }
}
