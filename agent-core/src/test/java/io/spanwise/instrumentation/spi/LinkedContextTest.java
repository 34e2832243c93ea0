package io.spanwise.instrumentation.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A linked context answers every key as OpenTelemetry's own context does after the same steps. */
class LinkedContextTest {
  private static final List<ContextKey<Object>> KEYS = new ArrayList<>();

  static {
    for (int i = 0; i < 6; i++) {
      KEYS.add(ContextKey.named("key-" + i));
    }
  }

  @Test
  void theSpanIsStoredUnderOpenTelemetrysOwnKey() {
    Span span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault()));
    Context context = LinkedContext.withSpan(Context.root(), span);
    assertThat(context).isInstanceOf(LinkedContext.class);
    assertThat(Span.fromContext(context)).isSameAs(span);
    assertThat(Span.fromContextOrNull(Context.root().with(KEYS.get(0), "x"))).isNull();
    try (Scope ignored = context.makeCurrent()) {
      assertThat(Span.current()).isSameAs(span);
    }
    Span child = Span.wrap(SpanContext.getInvalid());
    assertThat(Span.fromContext(context.with(child))).as("a newer span hides the older").isSameAs(child);
    assertThat(Span.fromContext(context)).isSameAs(span);
  }

  /** Random steps, each on both contexts: every key answers the same, over chains deeper than the limit. */
  @Test
  void everyKeyAnswersAsOpenTelemetrysContextDoes() {
    Random random = new Random(20261203);
    for (int round = 0; round < 200; round++) {
      Context base = random.nextBoolean() ? Context.root() : Context.root().with(KEYS.get(5), "base");
      Context expected = base;
      Context linked = base;
      int steps = 1 + random.nextInt(3 * LinkedContext.MAX_DEPTH);
      for (int step = 0; step < steps; step++) {
        ContextKey<Object> key = KEYS.get(random.nextInt(KEYS.size()));
        Object value = random.nextInt(5) == 0 ? null : "v" + step;
        expected = expected.with(key, value);
        linked = step == 0 || random.nextBoolean() ? LinkedContext.with(linked, key, value) : linked.with(key, value);
        for (ContextKey<Object> each : KEYS) {
          assertThat(linked.get(each)).as("round %d step %d %s in %s", round, step, each, linked)
              .isEqualTo(expected.get(each));
        }
      }
    }
  }

  @Test
  void aChainIsNeverLongerThanTheLimit() {
    Context context = LinkedContext.with(Context.root(), KEYS.get(0), "first");
    for (int i = 1; i < 100; i++) {
      context = context.with(KEYS.get(1), "value " + i);
      if (context instanceof LinkedContext) {
        assertThat(((LinkedContext) context).depth()).isBetween(1, LinkedContext.MAX_DEPTH);
      }
    }
    assertThat(context).as("copied into OpenTelemetry's context past the limit").isNotInstanceOf(LinkedContext.class);
    assertThat(context.get(KEYS.get(0))).isEqualTo("first");
    assertThat(context.get(KEYS.get(1))).isEqualTo("value 99");
  }
}
