package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.FaultReport;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.Load;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.Proc;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import io.spanwise.smoke.support.TraceReceiver.Arrival;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo under a bounded load while its collector fails in each way a collector fails, then comes back:
 * one demo JVM, the faults one after the other (healthy first, as the baseline). For every fault:
 * <ul>
 *   <li>every response under load is 200, as without the agent;
 *   <li>the agent's log says the export failed and counts the spans it gave up (the queue is kept at 256
 *       spans to force drops);
 *   <li>once the collector answers again, the agent says so, and a SERVER span of every request made from
 *       then on arrives (each sent with a trace id of the test's own);
 *   <li>a collector answering {@code 429} with {@code Retry-After: 2} is not asked again before 2 s; one
 *       answering {@code 503} without it not before the first backoff (1 s less 20 % jitter).
 * </ul>
 * Latency p50/p99 and peak RSS (VmHWM, reset before each fault) are reported against the healthy case in
 * target/fault-report.txt, not asserted. Each fault loads the demo for {@code spanwise.faults.seconds}
 * (3 by default; {@code -Dspanwise.faults.seconds=60} for a longer run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultCollectorTest extends SmokeTest {
  static final Duration LOAD = Duration.ofSeconds(Long.getLong("spanwise.faults.seconds", 3));
  static final int QUEUE = 256;
  /** Requests made after the collector is back, each with a trace id of the test's own. */
  static final int AFTER_RECOVERY = 40;
  private static final Pattern GIVEN_UP = Pattern.compile(
      "(\\d+) spans? (?:was|were) not delivered to |; (\\d+) spans? (?:was|were) not delivered \\(|dropped (\\d+) spans?\\b");

  enum Fault {
    HEALTHY,
    /** The port is closed (connections refused), then opened again on the same port. */
    DOWN,
    /** Answers after 5 s, longer than the exporter's 3 s timeout. */
    SLOW,
    /** 503 Service Unavailable, no Retry-After. */
    UNAVAILABLE,
    /** 429 Too Many Requests with Retry-After: 2. */
    TOO_MANY_REQUESTS
  }

  private OtlpReceiver receiver;
  private ChildJvm app;
  private int port;
  private String endpoint;
  private Load.Result healthy;
  private long healthyPeakKib;

  /** The JDK the demo runs on. */
  Jdk jdk() {
    return Jdk.current();
  }

  @BeforeAll
  void startTheDemo() {
    jdk().assumeInstalled();
    receiver = OtlpReceiver.start();
    app = ChildJvm.builder(getClass().getSimpleName() + "-demo")
        .jdk(jdk())
        .jar(io.spanwise.smoke.support.SmokeEnv.demoJar())
        .args("--port", "0")
        .env("OTEL_SERVICE_NAME", DEMO_SERVICE)
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .sysProp("otel.bsp.max.queue.size", String.valueOf(QUEUE))
        .sysProp("otel.bsp.max.export.batch.size", "128")
        .sysProp("otel.exporter.otlp.timeout", "3000")
        .start();
    port = app.awaitPort();
    endpoint = Pattern.quote(receiver.endpoint() + "/v1/traces");
    // Warm-up (JIT, pools), and the exporter is up and delivering before the first fault.
    Load.Result warmUp = Load.run(port, Duration.ofSeconds(2));
    assertThat(warmUp.statuses().keySet()).as("statuses while warming up").containsOnly(200);
    receiver.awaitSpans(1);
  }

  @AfterAll
  void stopTheDemo() throws Exception {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void healthy() {
    underLoad(Fault.HEALTHY);
  }

  @Test
  @Order(2)
  void collectorDown() {
    underLoad(Fault.DOWN);
  }

  @Test
  @Order(3)
  void collectorSlow() {
    underLoad(Fault.SLOW);
  }

  @Test
  @Order(4)
  void collectorAnswers503() {
    underLoad(Fault.UNAVAILABLE);
  }

  @Test
  @Order(5)
  void collectorAnswers429WithRetryAfter() {
    underLoad(Fault.TOO_MANY_REQUESTS);
  }

  @Test
  @Order(6)
  void noExceptionWasPrinted() {
    app.stop();
    assertThat(exceptionOutput(app.stdoutLines())).as(app.describe()).isEmpty();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  private void underLoad(Fault fault) {
    receiver.up(); // should an earlier case have failed half-way
    int logFrom = app.stderrLines().size();
    boolean peakReset = Proc.available() && Proc.resetPeakRss(app.pid());
    long since = System.nanoTime();
    switch (fault) {
      case HEALTHY:
        break;
      case DOWN:
        receiver.down();
        break;
      case SLOW:
        receiver.delay(Duration.ofSeconds(5));
        break;
      case UNAVAILABLE:
        receiver.failWith(503);
        break;
      case TOO_MANY_REQUESTS:
        receiver.failWith(429, "2");
        break;
    }
    Load.Result load = Load.run(port, LOAD);

    if (fault != Fault.HEALTHY) {
      app.awaitStderr(Pattern.compile("could not export \\d+ spans? to " + endpoint + ": "), Duration.ofSeconds(20),
          logFrom);
    }
    if (fault == Fault.TOO_MANY_REQUESTS) {
      awaitAnswered(429, 3, since);
      assertRetriedNoEarlierThan(429, Duration.ofMillis(1950), since);
    } else if (fault == Fault.UNAVAILABLE) {
      awaitAnswered(503, 2, since);
      assertRetriedNoEarlierThan(503, Duration.ofMillis(750), since);
    }
    long peakKib = Proc.available() ? Proc.peakRssKib(app.pid()) : -1;

    // The collector answers again: every request from now on must arrive.
    receiver.up();
    Set<String> traceIds = new LinkedHashSet<>();
    for (int i = 0; i < AFTER_RECOVERY; i++) {
      String traceId = randomHex(16);
      traceIds.add(traceId);
      int status = Http.get(port, "/orders/42", "traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
          .statusCode();
      assertThat(status).as("a request after recovery").isEqualTo(200);
    }
    List<ReceivedSpan> arrived = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_SERVER && traceIds.contains(s.traceId()), AFTER_RECOVERY,
        "the SERVER spans of the " + AFTER_RECOVERY + " requests made after recovery", Duration.ofSeconds(30));
    assertThat(arrived.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(traceIds);
    if (fault != Fault.HEALTHY) {
      app.awaitStderr(Pattern.compile("the collector at " + endpoint + " answers again; sent the \\d+ spans?"),
          Duration.ofSeconds(30), logFrom);
    }

    assertThat(load.failures()).as("requests without a response").isEmpty();
    assertThat(load.statuses().keySet()).as("statuses under load").containsOnly(200);
    long givenUp = givenUp(app.stderrLines().subList(logFrom, app.stderrLines().size()));
    if (fault != Fault.HEALTHY) {
      assertThat(givenUp).as("spans given up, as the agent's log counts them").isPositive();
    }
    report(fault, load, peakReset ? peakKib : -1, givenUp);
  }

  private static long givenUp(List<String> lines) {
    long total = 0;
    for (String line : lines) {
      Matcher m = GIVEN_UP.matcher(line);
      while (m.find()) {
        for (int g = 1; g <= m.groupCount(); g++) {
          if (m.group(g) != null) {
            total += Long.parseLong(m.group(g));
          }
        }
      }
    }
    return total;
  }

  private List<Arrival> answered(int status, long since) {
    return receiver.exportArrivals().stream().filter(a -> a.nanos >= since && a.status == status)
        .collect(Collectors.toList());
  }

  private void awaitAnswered(int status, int count, long since) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (answered(status, since).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for " + count + " exports answered " + status + "; arrivals: "
            + receiver.exportArrivals());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** After every export answered {@code status} (since {@code since}), the next one came {@code atLeast} later. */
  private void assertRetriedNoEarlierThan(int status, Duration atLeast, long since) {
    List<Arrival> arrivals = receiver.exportArrivals().stream().filter(a -> a.nanos >= since)
        .collect(Collectors.toList());
    for (int i = 0; i + 1 < arrivals.size(); i++) {
      if (arrivals.get(i).status == status) {
        long gap = arrivals.get(i + 1).nanos - arrivals.get(i).nanos;
        assertThat(gap).as("ns from an export answered %d to the next; arrivals %s", status, arrivals)
            .isGreaterThanOrEqualTo(atLeast.toNanos());
      }
    }
  }

  private void report(Fault fault, Load.Result load, long peakKib, long givenUp) {
    if (fault == Fault.HEALTHY) {
      healthy = load;
      healthyPeakKib = peakKib;
    }
    boolean compare = fault != Fault.HEALTHY && healthy != null;
    FaultReport.line(String.format(Locale.ROOT,
        "collector %-17s %-28s %4d requests in %d s: p50 %5.1f ms, p99 %6.1f ms%s; peak RSS %s%s; spans given up %d",
        fault, jdk(), load.requests(), LOAD.toSeconds(), load.percentileMillis(50), load.percentileMillis(99),
        compare ? String.format(Locale.ROOT, " (%.2fx healthy)", load.percentileMillis(99)
            / healthy.percentileMillis(99)) : "",
        peakKib < 0 ? "n/a" : peakKib / 1024 + " MiB",
        compare && peakKib >= 0 && healthyPeakKib >= 0
            ? String.format(Locale.ROOT, " (%+d MiB vs healthy)", (peakKib - healthyPeakKib) / 1024) : "",
        givenUp));
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    do {
      ThreadLocalRandom.current().nextBytes(b);
    } while (b[0] == 0);
    return HexFormat.of().formatHex(b);
  }
}
