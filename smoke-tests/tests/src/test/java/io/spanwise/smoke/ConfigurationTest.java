package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.util.LinkedHashMap;
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
   * Drives the app, stops it and checks that nothing at all was exported. No need to wait for the 200 ms
   * export schedule first: stopping runs the agent's flush at exit, which sends whatever an exporter still
   * holds before the JVM ends ({@link ShutdownFlushTest}: every pending span arrives by it).
   */
  private static void assertNothingExported(ChildJvm app, OtlpReceiver receiver) {
    drive(app.awaitPort());
    app.stop();
    assertThat(receiver.spans()).as(receiver.describe()).isEmpty();
    assertThat(receiver.exportRequests()).as(receiver.describe()).isZero();
  }

  @Test
  void exporterNoneExportsNothingAndTheAppWorks() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver).sysProp("otel.traces.exporter", "none").start());
    assertNothingExported(app, receiver);
  }

  @Test
  void disablingEveryInstrumentationGivesNoSpans() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.instrumentation.servlet.enabled", "false")
        .sysProp("otel.instrumentation.jdbc.enabled", "false")
        .start());
    assertNothingExported(app, receiver);
  }

  @Test
  void aZeroTraceIdRatioSamplesNothing() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.traces.sampler", "traceidratio")
        .sysProp("otel.traces.sampler.arg", "0")
        .start());
    assertNothingExported(app, receiver);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // bad values, other settings, do spans still reach the receiver (the defaults are usable)?
        // The three with a usable default share one JVM: each gives its own line, and a demo start each
        // would cost more than the rest of the test.
        Arguments.of(orderedMap("otel.traces.sampler.arg", "abc", "otel.traces.exporter", "bogus",
            "otel.exporter.otlp.timeout", "-5"), Map.of("otel.traces.sampler", "traceidratio"), true),
        Arguments.of(Map.of("otel.exporter.otlp.endpoint", "not a url"), Map.of(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void aBadValueGivesOneClearLineAndTheAppKeepsWorking(Map<String, String> bad, Map<String, String> others,
      boolean spansExpected) {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = demo(Jdk.current(), receiver);
    others.forEach(builder::sysProp);
    bad.forEach(builder::sysProp); // after demo(): replaces its endpoint in the endpoint case
    ChildJvm app = track(builder.start());
    int port = app.awaitPort();

    drive(port);
    if (spansExpected) {
      ReceivedSpan span = receiver.awaitSpan("GET /checkout");
      assertThat(span.resourceAttributes()).containsEntry("service.name", DEMO_SERVICE);
    }
    app.stop();

    bad.forEach((property, value) -> {
      List<String> naming = app.stderrLines().stream()
          .filter(l -> l.contains(property) && l.contains(value))
          .collect(Collectors.toList());
      assertThat(naming)
          .as("stderr lines naming %s and \"%s\"\n%s", property, value, app.describe())
          .hasSize(1);
      assertThat(naming.get(0)).startsWith("[spanwise]");
    });
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static Stream<Arguments> disabledAgent() {
    return Stream.of(
        Arguments.of("system property", Map.of("otel.javaagent.enabled", "false"), Map.of()),
        Arguments.of("environment variable", Map.of(), Map.of("OTEL_JAVAAGENT_ENABLED", "false")));
  }

  @ParameterizedTest(name = "by {0}")
  @MethodSource("disabledAgent")
  void aDisabledAgentIsSilentAndExportsNothing(String how, Map<String, String> properties,
      Map<String, String> env) {
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
