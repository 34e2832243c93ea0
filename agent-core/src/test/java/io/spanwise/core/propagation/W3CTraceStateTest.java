package io.spanwise.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.TraceState;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** W3C Trace Context Level 2's tracestate grammar and list rules, on the parser and the builder. */
class W3CTraceStateTest {
  private static String written(TraceState state) {
    StringBuilder out = new StringBuilder();
    state.forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  @Test
  void level2KeysAreKept() {
    List<String> valid = List.of("foo@=1", "foo@@bar=1", "foo@bar@baz=1", "0a@v=1", "tenant@vendor=x", "t@v=x",
        "a*b/c_d-e=1", "k".repeat(256) + "=1", "t".repeat(241) + "@" + "v".repeat(14) + "=1",
        "t".repeat(242) + "@v=1", "t@" + "v".repeat(15) + "=1", "t@" + "v".repeat(254) + "=1");
    for (String member : valid) {
      assertThat(written(W3CTraceState.parse(member + ",bar=2"))).as(member).isEqualTo(member + ",bar=2");
    }
  }

  @Test
  void valuesOfTheGrammarAreKeptLeadingSpacesIncluded() {
    String all = IntStream.rangeClosed(0x20, 0x7e).filter(c -> c != ',' && c != '=')
        .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    for (String member : List.of("a=" + all, "a=" + "x".repeat(256), "a= x", "a=with space inside", "a=!")) {
      assertThat(written(W3CTraceState.parse(member))).as(member).isEqualTo(member);
    }
  }

  @Test
  void anInvalidMemberDiscardsTheWholeList() {
    List<String> invalid = List.of("@foo=1", "FOO=1", "Foo=1", "foo =1", "foo.bar=1", "foo=bar=baz", "foo=",
        "=1", "a", "a=caf\u00e9", "a=1\t2", "a=" + "x".repeat(257), "k".repeat(257) + "=1", "z".repeat(257) + "=1",
        "t@V=1", "a b=1", "_a=1");
    for (String member : invalid) {
      assertThat(W3CTraceState.parse("foo=1," + member + ",bar=3").isEmpty()).as(member).isTrue();
    }
  }

  @Test
  void emptyMembersAndOwsAreSkipped() {
    assertThat(written(W3CTraceState.parse("foo=1 \t , \t bar=2, \t baz=3"))).isEqualTo("foo=1,bar=2,baz=3");
    assertThat(written(W3CTraceState.parse(" foo=1"))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse("\tfoo=1"))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse("foo=1 "))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse("foo=1\t"))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse(",,a=1 , ,\tb=2,,"))).isEqualTo("a=1,b=2");
    assertThat(W3CTraceState.parse("").isEmpty()).isTrue();
    assertThat(W3CTraceState.parse(" , ,").isEmpty()).isTrue();
    assertThat(W3CTraceState.parse(null).isEmpty()).isTrue();
  }

  @Test
  void thirtyTwoMembersAreKeptThirtyThreeDiscardTheList() {
    String members32 = IntStream.rangeClosed(1, 32).mapToObj(i -> "bar" + i + "=" + i).collect(Collectors.joining(","));
    assertThat(W3CTraceState.parse(members32).size()).isEqualTo(32);
    assertThat(W3CTraceState.parse(members32 + ",,  ,").size()).isEqualTo(32);
    assertThat(W3CTraceState.parse(members32 + ",bar33=33").isEmpty()).isTrue();
  }

  @Test
  void aDuplicatedKeyKeepsItsFirstValue() {
    assertThat(written(W3CTraceState.parse("foo=1,foo=1"))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse("foo=1,foo=2"))).isEqualTo("foo=1");
    assertThat(written(W3CTraceState.parse("foo=1,bar=2,foo=3,baz=4"))).isEqualTo("foo=1,bar=2,baz=4");
  }

  @Test
  void theBuilderMovesAChangedKeyLeftAndKeepsAtMost32() {
    TraceState state = W3CTraceState.parse("a=1,b@=2,c=3");
    assertThat(written(state.toBuilder().put("c", "9").build())).isEqualTo("c=9,a=1,b@=2");
    assertThat(written(state.toBuilder().put("new@vendor", "x").remove("a").build())).isEqualTo("new@vendor=x,b@=2,c=3");
    assertThat(written(state.toBuilder().put("Bad", "x").put("ok", "bad,value").build())).isEqualTo("a=1,b@=2,c=3");
    TraceState full = W3CTraceState.parse(IntStream.rangeClosed(1, 32).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(",")));
    TraceState more = full.toBuilder().put("first", "1").build();
    assertThat(more.size()).isEqualTo(32);
    assertThat(more.get("first")).isEqualTo("1");
    assertThat(more.get("k32")).isNull();
    assertThat(state.get("b@")).isEqualTo("2");
    assertThat(state.asMap().keySet()).containsExactly("a", "b@", "c");
  }
}
