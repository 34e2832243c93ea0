package io.spanwise.annotationstests;

import static io.spanwise.annotationstests.Spans.named;
import static io.spanwise.annotationstests.Spans.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.annotationstests.app.Excluded;
import io.spanwise.annotationstests.app.Plain;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.methods.include} (methods with no annotation) and
 * {@code otel.instrumentation.opentelemetry-instrumentation-annotations.exclude-methods}.
 */
class MethodsIncludeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String APP = "io.spanwise.annotationstests.app.";

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.methods.include",
        " " + APP + "Plain[work, fail,async] ; " + APP + "Missing[gone];not valid[",
        "otel.instrumentation.opentelemetry-instrumentation-annotations.exclude-methods", APP + "Excluded[skipped]"));
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  @Test
  void listedMethodsWithoutAnnotationGetInternalSpans() {
    Plain plain = new Plain();
    assertThat(plain.work("a")).isEqualTo("a-worked");
    assertThat(plain.notListed()).isEqualTo("quiet");
    assertThat(new Plain.Special().work("b")).isEqualTo("special-b");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, WAIT);
    assertThat(names(spans)).containsExactlyInAnyOrder("Plain.work", "Special.work");
    SpanData work = named(spans, "Plain.work");
    assertThat(work.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(work.getAttributes().get(AttributeKey.stringKey("code.function.name"))).isEqualTo(APP + "Plain.work");
    assertThat(work.getAttributes().get(AttributeKey.stringKey("code.namespace"))).isEqualTo(APP + "Plain");
  }

  @Test
  void aListedMethodThatThrowsIsErrorAndTheExceptionGoesOn() {
    assertThatThrownBy(() -> new Plain().fail()).isExactlyInstanceOf(UnsupportedOperationException.class)
        .hasMessage("nope");
    SpanData fail = named(InProcessAgent.awaitExactly(1, WAIT), "Plain.fail");
    assertThat(fail.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(fail.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.UnsupportedOperationException");
  }

  @Test
  void aListedMethodReturningAFutureEndsAtCompletion() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    new Plain().async(pending);
    Thread.sleep(100);
    assertThat(InProcessAgent.install().getFinishedSpanItems()).isEmpty();
    pending.complete("x");
    assertThat(names(InProcessAgent.awaitExactly(1, WAIT))).containsExactly("Plain.async");
  }

  @Test
  void excludedAnnotatedMethodsGetNoSpan() {
    Excluded excluded = new Excluded();
    assertThat(excluded.skipped()).isEqualTo("skipped");
    assertThat(excluded.kept()).isEqualTo("kept");
    assertThat(names(InProcessAgent.awaitExactly(1, WAIT))).containsExactly("Excluded.kept");
    assertThat(Instrumented.isInstrumented(Excluded.class)).isTrue();
  }
}
