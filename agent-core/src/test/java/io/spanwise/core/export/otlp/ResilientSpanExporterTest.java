package io.spanwise.core.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter against a real loopback HTTP collector that is up, down, overloaded or refusing. */
class ResilientSpanExporterTest {
  private final TestCollector collector = new TestCollector();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
  private final LogLines log = LogLines.start();
  private int nextName;

  @AfterEach
  void stop() {
    collector.close();
    thread.shutdownNow();
    log.close();
  }

  private ResilientSpanExporter exporter(int maxHeld) {
    OtlpHttpTransport transport = new OtlpHttpTransport(collector.endpoint(), Map.of(), false,
        Duration.ofSeconds(2), null, Executors::newCachedThreadPool);
    return new ResilientSpanExporter(transport, maxHeld, 10, Duration.ofSeconds(5), () -> thread);
  }

  @Test
  void aHealthyCollectorGetsEachBatchOnce() {
    ResilientSpanExporter exporter = exporter(100);
    List<SpanData> batch = spans(3);
    CompletableResultCode taken = exporter.export(batch);
    assertThat(taken.isDone()).as("the processor never waits for the collector").isTrue();
    assertThat(exporter.flush().join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(collector.received()).containsExactly("s-00000", "s-00001", "s-00002");
    assertThat(collector.attempts()).hasSize(1);
    assertThat(exporter.inOutage()).isFalse();
  }

  /** 429 with Retry-After: 2 -> the next attempt waits the two seconds; then everything arrives. */
  @Test
  void retryAfterIsHonouredForTheNextAttempt() {
    collector.answer(429, "2");
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(2)).join(5, TimeUnit.SECONDS);
    await(() -> exporter.inOutage());
    collector.answer(200, null);
    await(() -> collector.received().size() == 2);

    List<Long> attempts = collector.attempts();
    assertThat(attempts).hasSize(2);
    assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(log.lines()).anySatisfy(l -> assertThat(l)
        .contains("could not export 2 spans to " + collector.endpoint() + ": HTTP 429").contains("retrying in 2 s"));
  }

  /** An HTTP date in Retry-After, and a delay longer than the export timeout is capped at it. */
  @Test
  void retryAfterAsAnHttpDateAndItsCap() {
    java.time.Instant now = java.time.Instant.parse("2026-12-01T10:00:00Z");
    assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:00:03 GMT", now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:59:00 GMT", now)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse(" 7 ", now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse("-1", now)).isNull();
    assertThat(RetryAfter.parse(null, now)).isNull();

    collector.answer(503, "3600");
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(1)).join(5, TimeUnit.SECONDS);
    await(() -> exporter.inOutage());
    assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("HTTP 503").contains("retrying in 5 s"));
  }

  /**
   * During an outage the processor's batches are taken at once and held (request threads never wait);
   * when the collector answers again, everything held arrives, the processor is asked to flush, and
   * spans handed over after that arrive too.
   */
  @Test
  void nothingHeldIsLostWhenTheCollectorComesBack() {
    collector.answer(503, null);
    ResilientSpanExporter exporter = exporter(100);
    AtomicInteger recoveries = new AtomicInteger();
    exporter.onRecovery(recoveries::incrementAndGet);
    exporter.export(spans(5)).join(5, TimeUnit.SECONDS);
    await(exporter::inOutage);
    for (int i = 0; i < 4; i++) {
      CompletableResultCode held = exporter.export(spans(5));
      assertThat(held.isDone()).as("held at once, not sent").isTrue();
    }
    assertThat(exporter.heldSpans()).isEqualTo(25);
    collector.answer(200, null);
    await(() -> recoveries.get() == 1);
    assertThat(exporter.inOutage()).isFalse();
    assertThat(collector.received()).hasSize(25).doesNotHaveDuplicates();
    assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("answers again; sent the 25 spans held"));

    exporter.export(spans(3));
    exporter.flush().join(5, TimeUnit.SECONDS);
    assertThat(collector.received()).hasSize(28);
  }

  /** The held spans are bounded: the oldest are given up first, and counted. */
  @Test
  void heldSpansAreBoundedAndTheOldestGoFirst() {
    collector.answer(503, null);
    ResilientSpanExporter exporter = exporter(20);
    exporter.export(spans(10)).join(5, TimeUnit.SECONDS);
    await(exporter::inOutage);
    exporter.export(spans(10));
    exporter.export(spans(10));
    assertThat(exporter.heldSpans()).isEqualTo(20);
    collector.answer(200, null);
    await(() -> !exporter.inOutage());
    assertThat(collector.received()).hasSize(20).contains("s-00029").doesNotContain("s-00000", "s-00009");
    assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("10 spans were not delivered"));
  }

  /** A request the collector will never accept is not retried. */
  @Test
  void aRefusedRequestIsNotRetried() throws InterruptedException {
    collector.answer(400, null);
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(2));
    exporter.flush().join(5, TimeUnit.SECONDS);
    Thread.sleep(1500);
    assertThat(collector.attempts()).hasSize(1);
    assertThat(exporter.inOutage()).isFalse();
    assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("2 spans were not delivered").contains("HTTP 400"));
  }

  /**
   * A slow collector does not hold the processor up: batches handed over while a request waits are held
   * and follow it, in order.
   */
  @Test
  void aSlowCollectorNeverHoldsTheProcessorUp() {
    collector.delay(Duration.ofMillis(1500));
    ResilientSpanExporter exporter = exporter(100);
    for (int i = 0; i < 3; i++) {
      assertThat(exporter.export(spans(2)).isDone()).isTrue();
    }
    assertThat(exporter.flush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(collector.received()).containsExactly("s-00000", "s-00001", "s-00002", "s-00003", "s-00004",
        "s-00005");
  }

  /** A healthy exporter sends what it holds before it stops. */
  @Test
  void shutdownSendsWhatIsHeldWhileTheCollectorAnswers() {
    collector.delay(Duration.ofMillis(300));
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(10));
    exporter.export(spans(10));
    assertThat(exporter.shutdown().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(collector.received()).hasSize(20);
  }

  /** Down at shutdown: one short final attempt, the count of spans not delivered, and no long wait. */
  @Test
  void shutdownDuringAnOutageMakesOneShortAttemptAndSaysWhatWasLost() {
    collector.answer(503, null);
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(4)).join(5, TimeUnit.SECONDS);
    await(exporter::inOutage);
    exporter.export(spans(3));
    int before = collector.attempts().size();
    long start = System.nanoTime();
    exporter.shutdown().join(20, TimeUnit.SECONDS);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(collector.attempts().size()).isEqualTo(before + 1);
    assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("7 spans were not delivered")
        .contains("final attempt at shutdown"));
    assertThat(tookMillis).as("bounded by the final attempt, not the export timeout").isLessThan(5000);
  }

  /** Back at shutdown: the final attempt delivers what was held. */
  @Test
  void shutdownDeliversWhatIsHeldWhenTheCollectorIsBack() {
    collector.answer(503, "60");
    ResilientSpanExporter exporter = exporter(100);
    exporter.export(spans(4)).join(5, TimeUnit.SECONDS);
    await(exporter::inOutage);
    collector.answer(200, null);
    exporter.shutdown().join(20, TimeUnit.SECONDS);
    assertThat(collector.received()).hasSize(4);
    assertThat(log.lines()).noneSatisfy(l -> assertThat(l).contains("not delivered"));
  }

  private List<SpanData> spans(int count) {
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("s-%05d", nextName++);
      spans.add(TestSpanData.builder()
          .setName(name)
          .setKind(SpanKind.INTERNAL)
          .setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c",
              String.format("%016x", nextName), TraceFlags.getSampled(), TraceState.getDefault()))
          .setStartEpochNanos(1)
          .setEndEpochNanos(2)
          .setStatus(StatusData.unset())
          .setHasEnded(true)
          .setTotalRecordedEvents(0)
          .setTotalRecordedLinks(0)
          .build());
    }
    return spans;
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
