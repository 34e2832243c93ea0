package io.spanwise.annotationstests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.annotationstests.app.LegacyOrders;
import io.spanwise.annotationstests.app.Orders;
import io.spanwise.annotationstests.app.Plain;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.opentelemetry-instrumentation-annotations.enabled=false} and
 * {@code otel.instrumentation.methods.enabled=false} (with a list to include): no span, no class woven;
 * the query still has its span.
 */
class SwitchedOffTest {
  @Test
  void switchedOffNothingIsWovenAndOnlyTheQueryIsTraced() throws Exception {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.opentelemetry-instrumentation-annotations.enabled", "false",
        "otel.instrumentation.methods.enabled", "false",
        "otel.instrumentation.methods.include", "io.spanwise.annotationstests.app.Plain[work]"));
    Orders.createTable();
    InProcessAgent.reset();

    assertThat(new Orders().countOrders()).isEqualTo(2);
    assertThat(new Plain().work("a")).isEqualTo("a-worked");
    assertThat(new LegacyOrders().legacy()).isEqualTo("legacy-x");

    List<SpanData> spans = InProcessAgent.awaitExactly(1, Duration.ofSeconds(10));
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(spans.get(0).getParentSpanContext().isValid()).isFalse();
    assertThat(Instrumented.isInstrumented(Orders.class)).isFalse();
    assertThat(Instrumented.isInstrumented(LegacyOrders.class)).isFalse();
    assertThat(Instrumented.isInstrumented(Plain.class)).isFalse();
  }
}
