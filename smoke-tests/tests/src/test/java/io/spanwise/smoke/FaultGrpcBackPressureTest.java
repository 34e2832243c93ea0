package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.Load;
import io.spanwise.smoke.support.OtlpGrpcReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import io.spanwise.smoke.support.TraceReceiver.Arrival;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Back-pressure over OTLP/gRPC: a collector failing every export with RESOURCE_EXHAUSTED or UNAVAILABLE
 * and a {@code google.rpc.RetryInfo} of 2 s is not called again before 2 s; once it accepts again, a
 * SERVER span of every request made from then on arrives.
 *
 * <p>One demo JVM, the two codes one after the other, as {@link FaultCollectorTest} runs its faults: each
 * starts once the collector answered again after the one before (the agent's outage is over, its backoff
 * reset), and looks only at the log lines and exports from its own start on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultGrpcBackPressureTest extends SmokeTest {
  private OtlpGrpcReceiver receiver;
  private ChildJvm app;
  private int port;

  @BeforeAll
  void startTheDemo() {
    receiver = OtlpGrpcReceiver.start();
    app = sharedDemo("demo", Jdk.current(), receiver)
        .sysProp("otel.exporter.otlp.protocol", "grpc")
        .sysProp("otel.exporter.otlp.timeout", "3000")
        .start();
    port = app.awaitPort();
    assertThat(Http.get(port, "/").statusCode()).isEqualTo(200);
    receiver.awaitSpans(1);
  }

  @AfterAll
  void stopTheDemo() throws Exception {
    try (OtlpGrpcReceiver r = receiver; ChildJvm a = app) {
      // closed: the demo, then the receiver
    }
  }

  @ParameterizedTest
  @Order(1)
  @EnumSource(value = Status.Code.class, names = {"RESOURCE_EXHAUSTED", "UNAVAILABLE"})
  void retryInfoIsHonouredAndNothingIsLostAfterRecovery(Status.Code code) {
    receiver.up(); // should an earlier case have failed half-way
    int logFrom = app.stderrLines().size();
    receiver.failWith(code, Duration.ofSeconds(2));
    long since = System.nanoTime();
    Load.Result load = Load.run(port, Duration.ofSeconds(2));
    app.awaitStderr(Pattern.compile("could not export \\d+ spans? to " + Pattern.quote(receiver.endpoint())
        + ".*retrying in 2 s"), Duration.ofSeconds(20), logFrom);
    List<Arrival> refused = awaitRefused(receiver, code, since);
    for (int i = 0; i + 1 < refused.size(); i++) {
      assertThat(refused.get(i + 1).nanos - refused.get(i).nanos)
          .as("ns between two attempts answered %s with RetryInfo 2 s: %s", code, refused)
          .isGreaterThanOrEqualTo(Duration.ofMillis(1950).toNanos());
    }

    receiver.up();
    Set<String> traceIds = new LinkedHashSet<>();
    for (int i = 0; i < 20; i++) {
      String traceId = FaultCollectorTest.randomHex(16);
      traceIds.add(traceId);
      assertThat(Http.get(port, "/orders/42", "traceparent",
          "00-" + traceId + "-" + FaultCollectorTest.randomHex(8) + "-01").statusCode()).isEqualTo(200);
    }
    List<ReceivedSpan> arrived = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_SERVER && traceIds.contains(s.traceId()), traceIds.size(),
        "the SERVER spans of the requests made after recovery", Duration.ofSeconds(30));
    assertThat(arrived.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(traceIds);
    app.awaitStderr(Pattern.compile("answers again"), Duration.ofSeconds(30), logFrom);
    assertThat(load.statuses().keySet()).containsOnly(200);
  }

  @Test
  @Order(2)
  void noExceptionWasPrinted() {
    app.stop();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  /** Waits for three exports answered {@code code} since {@code since}; all that were, in order. */
  private static List<Arrival> awaitRefused(OtlpGrpcReceiver receiver, Status.Code code, long since) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<Arrival> refused = receiver.exportArrivals().stream()
          .filter(a -> a.nanos >= since && a.status == code.value()).collect(Collectors.toList());
      if (refused.size() >= 3) {
        return refused;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for 3 exports answered " + code + ": " + receiver.exportArrivals());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
