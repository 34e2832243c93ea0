package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The standard otel.* settings as a user sets them, and what they then see (or do not see). */
class ConfigurationTest extends SmokeTest {

  /** Requests every configuration must leave working. */
  private static void drive(int port) {
    assertThat(Http.get(port, "/").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/checkout?item=book").statusCode()).isEqualTo(200);
    assertThat(Http.send("POST", port, "/checkout?item=mug").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);
  }

  /**
   * Drives the app, waits well past the 200 ms export schedule, then stops it (which flushes whatever an
   * exporter still holds) and checks that nothing at all was exported.
   */
  private static void assertNothingExported(ChildJvm app, OtlpReceiver receiver) throws InterruptedException {
    drive(app.awaitPort());
    Thread.sleep(3_000);
    app.stop();
    assertThat(receiver.spans()).as(receiver.describe()).isEmpty();
    assertThat(receiver.exportRequests()).as(receiver.describe()).isZero();
  }

  @Test
  void exporterNoneExportsNothingAndTheAppWorks() throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver).sysProp("otel.traces.exporter", "none").start());
    assertNothingExported(app, receiver);
  }

  @Test
  void disablingEveryInstrumentationGivesNoSpans() throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.instrumentation.servlet.enabled", "false")
        .sysProp("otel.instrumentation.jdbc.enabled", "false")
        .start());
    assertNothingExported(app, receiver);
  }

  @Test
  void aZeroTraceIdRatioSamplesNothing() throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.traces.sampler", "traceidratio")
        .sysProp("otel.traces.sampler.arg", "0")
        .start());
    assertNothingExported(app, receiver);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // property, value, other settings, do spans still reach the receiver (the default is usable)?
        Arguments.of("otel.traces.sampler.arg", "abc", Map.of("otel.traces.sampler", "traceidratio"), true),
        Arguments.of("otel.traces.exporter", "bogus", Map.of(), true),
        Arguments.of("otel.exporter.otlp.endpoint", "not a url", Map.of(), false),
        Arguments.of("otel.exporter.otlp.timeout", "-5", Map.of(), true));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void aBadValueGivesOneClearLineAndTheAppKeepsWorking(String property, String value,
      Map<String, String> others, boolean spansExpected) throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = demo(Jdk.current(), receiver);
    others.forEach(builder::sysProp);
    builder.sysProp(property, value); // after demo(): replaces its endpoint in the endpoint case
    ChildJvm app = track(builder.start());
    int port = app.awaitPort();

    drive(port);
    if (spansExpected) {
      ReceivedSpan span = receiver.awaitSpan("GET /checkout");
      assertThat(span.resourceAttributes()).containsEntry("service.name", DEMO_SERVICE);
    }
    app.stop();

    List<String> naming = app.stderrLines().stream()
        .filter(l -> l.contains(property) && l.contains(value))
        .collect(Collectors.toList());
    assertThat(naming)
        .as("stderr lines naming %s and \"%s\"\n%s", property, value, app.describe())
        .hasSize(1);
    assertThat(naming.get(0)).startsWith("[spanwise]");
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  static Stream<Arguments> disabledAgent() {
    return Stream.of(
        Arguments.of("system property", Map.of("otel.javaagent.enabled", "false"), Map.of()),
        Arguments.of("environment variable", Map.of(), Map.of("OTEL_JAVAAGENT_ENABLED", "false")));
  }

  @ParameterizedTest(name = "by {0}")
  @MethodSource("disabledAgent")
  void aDisabledAgentIsSilentAndExportsNothing(String how, Map<String, String> properties,
      Map<String, String> env) throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = demo(Jdk.current(), receiver);
    properties.forEach(builder::sysProp);
    env.forEach(builder::env);
    ChildJvm app = track(builder.start());

    assertNothingExported(app, receiver);
    assertThat(agentLines(app.stdoutLines())).as(app.describe()).isEmpty();
    assertThat(agentLines(app.stderrLines())).as(app.describe()).isEmpty();
    assertThat(app.stdout() + app.stderr()).doesNotContain("[spanwise]");
  }

  @Test
  void aSystemPropertyBeatsTheEnvironmentVariable() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .env("OTEL_SERVICE_NAME", "from-env")
        .sysProp("otel.service.name", "from-sysprop")
        .env("OTEL_TRACES_EXPORTER", "none")
        .sysProp("otel.traces.exporter", "otlp")
        .start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpan("GET /orders/*");
    assertThat(span.resourceAttributes()).containsEntry("service.name", "from-sysprop");
  }
}
