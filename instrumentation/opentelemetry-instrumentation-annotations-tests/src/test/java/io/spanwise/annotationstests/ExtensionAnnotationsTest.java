package io.spanwise.annotationstests;

import static io.spanwise.annotationstests.Spans.assertChildOf;
import static io.spanwise.annotationstests.Spans.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.annotationstests.app.LegacyOrders;
import io.spanwise.testing.InProcessAgent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The older {@code io.opentelemetry.extension.annotations} (opentelemetry-extension-annotations 1.18.0). */
class ExtensionAnnotationsTest {
  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  @Test
  void theOlderAnnotationsGiveTheSameSpans() {
    InProcessAgent.reset();
    assertThat(new LegacyOrders().legacy()).isEqualTo("legacy-x");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    SpanData outer = named(spans, "LegacyOrders.legacy");
    assertThat(outer.getKind()).isEqualTo(SpanKind.INTERNAL);
    SpanData inner = named(spans, "legacy.named");
    assertThat(inner.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(inner.getAttributes().get(AttributeKey.stringKey("legacy.key"))).isEqualTo("x");
    assertChildOf(inner, outer);
  }

  @Test
  void anExceptionIsRecordedAndRethrown() {
    InProcessAgent.reset();
    assertThatThrownBy(() -> new LegacyOrders().fail()).isExactlyInstanceOf(IOException.class).hasMessage("disk");

    SpanData failing = named(InProcessAgent.awaitExactly(1, Duration.ofSeconds(10)), "legacy.failing");
    assertThat(failing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failing.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.io.IOException");
  }
}
