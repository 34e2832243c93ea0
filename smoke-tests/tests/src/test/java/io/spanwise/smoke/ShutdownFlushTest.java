package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.FaultReport;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flush on JVM exit. With an export schedule far longer than the app lives, the spans can only arrive
 * through that flush: on System.exit and on SIGTERM every span reaches a healthy collector. With a
 * collector that stopped answering, the JVM does not wait the whole flush budget: it exits within a few
 * seconds of SIGTERM and the agent says how many spans were not delivered.
 */
class ShutdownFlushTest extends SmokeTest {
  /** The traceparent the demo's self-drive sends with its last checkout. */
  static final String SELF_DRIVE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final int TRACES = 200;
  /** The exit took 10.4 s with the OpenTelemetry exporter's retries; one final attempt of 1 s now. */
  static final Duration EXIT_BOUND = Duration.ofSeconds(8);

  @Test
  void pendingSpansAreFlushedWhenTheAppExits() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.bsp.schedule.delay", "60000")
        // no settling (2 s by default) before System.exit: with a 60 s schedule the spans wait for the
        // flush at exit however long the demo lingers
        .args("--self-drive", "--settle-millis", "0")
        .start());

    assertThat(app.waitForExit(Duration.ofSeconds(90))).as(app.describe()).isZero();

    // GET /, GET+POST /checkout, GET /orders/42, GET /summary, GET /fail, GET /checkout with a traceparent.
    List<ReceivedSpan> server = receiver.awaitMatching(s -> s.kind() == SPAN_KIND_SERVER, 7,
        "the 7 SERVER spans of the self-drive run", Duration.ofSeconds(30));
    assertThat(server).as(receiver.describe()).hasSize(7);
    List<String> names = server.stream().map(ReceivedSpan::name).collect(Collectors.toList());
    assertThat(names).contains("GET /checkout", "POST /checkout", "GET /orders/*", "GET /summary", "GET /fail");
    assertThat(receiver.spansNamed("GET /checkout")).hasSize(2);
    assertThat(server).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("GET /checkout");
      assertThat(s.traceId()).isEqualTo(SELF_DRIVE_TRACE_ID);
      assertThat(s.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    });
  }

  /** SIGTERM (what a container runtime sends) with 200 traces pending: 200 of 200 arrive. */
  @Test
  void everyTraceIsFlushedOnSigterm() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.bsp.schedule.delay", "60000")
        .start());
    int port = app.awaitPort();
    Set<String> traceIds = sendTracedRequests(port, TRACES);

    assertThat(app.stop()).as(app.describe()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hooks
    List<ReceivedSpan> server = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_SERVER && traceIds.contains(s.traceId()), TRACES,
        "the SERVER spans of the " + TRACES + " requests", Duration.ofSeconds(10));
    assertThat(server.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(traceIds);
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  enum DeadCollector {
    /** The port closed: connections refused. */
    DOWN,
    /** Accepts connections, never answers within the export timeout. */
    SLOW
  }

  static Stream<Arguments> deadCollectors() {
    return Stream.of(
        Arguments.of(Jdk.current(), DeadCollector.DOWN),
        Arguments.of(Jdk.current(), DeadCollector.SLOW),
        Arguments.of(Jdk.temurin25(), DeadCollector.DOWN));
  }

  /** The collector stopped answering before SIGTERM: the JVM exits within a few seconds, saying what is lost. */
  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("deadCollectors")
  void exitIsQuickAndTheLossIsReportedWhenTheCollectorIsDead(Jdk jdk, DeadCollector dead) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver)
        .sysProp("otel.exporter.otlp.timeout", "2000")
        .start());
    int port = app.awaitPort();
    sendTracedRequests(port, 20);
    receiver.awaitSpans(1);

    if (dead == DeadCollector.DOWN) {
      receiver.down();
    } else {
      receiver.delay(Duration.ofSeconds(30));
    }
    sendTracedRequests(port, 100);
    String endpoint = Pattern.quote(receiver.endpoint() + "/v1/traces");
    app.awaitStderr(Pattern.compile("could not export \\d+ spans? to " + endpoint), Duration.ofSeconds(20));

    long start = System.nanoTime();
    int code = app.stop();
    Duration exit = Duration.ofNanos(System.nanoTime() - start);
    FaultReport.line(String.format(Locale.ROOT, "exit after SIGTERM, collector %-4s %-28s %.2f s", dead, jdk,
        exit.toMillis() / 1000.0));

    assertThat(code).as(app.describe()).isEqualTo(143);
    assertThat(exit).as("time from SIGTERM to exit").isLessThan(EXIT_BOUND);
    Matcher lost = app.awaitStderr(Pattern.compile("(\\d+) spans? (?:was|were) not delivered to " + endpoint
        + ": the collector did not answer the final attempt at shutdown"), Duration.ofSeconds(1));
    assertThat(Long.parseLong(lost.group(1))).isPositive();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
    assertThat(exceptionOutput(app.stdoutLines())).as(app.describe()).isEmpty();
  }

  /** {@code count} requests, each with a sampled traceparent of its own; returns their trace ids. */
  private static Set<String> sendTracedRequests(int port, int count) {
    Set<String> traceIds = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      String traceId = FaultCollectorTest.randomHex(16);
      traceIds.add(traceId);
      int status = Http.get(port, "/orders/42", "traceparent",
          "00-" + traceId + "-" + FaultCollectorTest.randomHex(8) + "-01").statusCode();
      assertThat(status).isEqualTo(200);
    }
    return traceIds;
  }
}
