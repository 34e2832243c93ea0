package io.spanwise.instrumentation.annotations.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MethodSpanTracerTest {
  @Test
  void attributesFollowTheTypeLetters() {
    Attributes attributes = MethodSpanTracer.attributes(
        new String[] {"s", "l", "d", "b", "ss", "ll", "dd", "bb", "obj", "nothing", "set"},
        "SLDBsldbSSs",
        new Object[] {"x", 5, 1.5f, true, new String[] {"a", null, "b"}, List.of(1L, 2L), new double[] {0.5},
            new Boolean[] {false}, new StringBuilder("sb"), null, Set.of(7)});
    assertThat(attributes.get(AttributeKey.stringKey("s"))).isEqualTo("x");
    assertThat(attributes.get(AttributeKey.longKey("l"))).isEqualTo(5L);
    assertThat(attributes.get(AttributeKey.doubleKey("d"))).isEqualTo(1.5);
    assertThat(attributes.get(AttributeKey.booleanKey("b"))).isTrue();
    assertThat(attributes.get(AttributeKey.stringArrayKey("ss"))).containsExactly("a", "b");
    assertThat(attributes.get(AttributeKey.longArrayKey("ll"))).containsExactly(1L, 2L);
    assertThat(attributes.get(AttributeKey.doubleArrayKey("dd"))).containsExactly(0.5);
    assertThat(attributes.get(AttributeKey.booleanArrayKey("bb"))).containsExactly(false);
    assertThat(attributes.get(AttributeKey.stringKey("obj"))).isEqualTo("sb");
    assertThat(attributes.get(AttributeKey.stringArrayKey("set"))).containsExactly("7");
    assertThat(attributes.size()).isEqualTo(10);
  }

  @Test
  void aCompletionExceptionIsReportedAsItsCause() {
    IllegalStateException cause = new IllegalStateException();
    assertThat(MethodSpanTracer.unwrap(new CompletionException(cause))).isSameAs(cause);
    assertThat(MethodSpanTracer.unwrap(cause)).isSameAs(cause);
    assertThat(MethodSpanTracer.unwrap(null)).isNull();
  }
}
