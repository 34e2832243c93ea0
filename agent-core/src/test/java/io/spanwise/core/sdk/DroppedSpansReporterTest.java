package io.spanwise.core.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DroppedSpansReporterTest {
  private static final String COLLECTOR = "the collector at http://collector:4318/v1/traces";

  /** Blocks in export() until released, like an exporter stuck on a dead collector. */
  private static final class BlockingExporter implements SpanExporter {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      release.countDown();
      return CompletableResultCode.ofSuccess();
    }
  }

  @Test
  void dropsOfARealBatchSpanProcessorAreCountedAndTheFirstIsReportedAtOnce() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    DroppedSpansReporter reporter = new DroppedSpansReporter(4, COLLECTOR, log::add, Duration.ofHours(1));
    BlockingExporter exporter = new BlockingExporter();
    BatchSpanProcessor processor =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(4)
            .setMaxExportBatchSize(1)
            .setScheduleDelay(Duration.ZERO)
            .setMeterProvider(reporter)
            .build();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    try {
      provider.get("test").spanBuilder("first").startSpan().end();
      assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).as("the worker is stuck exporting").isTrue();
      assertThat(reporter.totalDropped()).isZero();
      assertThat(log).isEmpty();

      for (int i = 0; i < 10; i++) {
        provider.get("test").spanBuilder("span-" + i).startSpan().end();
      }
      // 4 wait in the queue, 6 are dropped
      assertThat(reporter.totalDropped()).isEqualTo(6);
      assertThat(log).containsExactly(
          "dropped 1 span: the export queue (otel.bsp.max.queue.size=4) is full; " + COLLECTOR
              + " is down or slow (further drops are reported at most once every 3600 s)");

      // the rest comes in the periodic report
      reporter.tick();
      assertThat(log).hasSize(2);
      assertThat(log.get(1)).isEqualTo(
          "dropped 5 spans in the last 3600 s: the export queue (otel.bsp.max.queue.size=4) is full; "
              + COLLECTOR + " is down or slow");
      reporter.tick();
      assertThat(log).as("nothing new, nothing said").hasSize(2);
    } finally {
      exporter.release.countDown();
      provider.shutdown().join(10, TimeUnit.SECONDS);
      reporter.close();
    }
  }

  @Test
  void exportedSpansAreNotCountedAsDropped() {
    DroppedSpansReporter reporter = new DroppedSpansReporter(2048, COLLECTOR, m -> {}, Duration.ofHours(1));
    Meter meter = reporter.get("io.opentelemetry.sdk.trace");
    meter.counterBuilder("processedSpans").build().add(100,
        Attributes.of(AttributeKey.stringKey("processorType"), "BatchSpanProcessor",
            AttributeKey.booleanKey("dropped"), false));
    meter.counterBuilder("processedSpans").build().add(3);
    assertThat(reporter.totalDropped()).isZero();
  }

  @Test
  void newerInternalTelemetryNamesAreUnderstoodToo() {
    List<String> log = new CopyOnWriteArrayList<>();
    DroppedSpansReporter reporter = new DroppedSpansReporter(2048, COLLECTOR, log::add, Duration.ofHours(1));
    Meter meter = reporter.meterBuilder("io.opentelemetry.sdk.trace").setInstrumentationVersion("x").build();
    meter.counterBuilder("otel.sdk.processor.span.processed").setUnit("{span}").build()
        .add(7, Attributes.of(AttributeKey.stringKey("error.type"), "queue_full"));
    meter.counterBuilder("otel.sdk.processor.span.processed").build()
        .add(9, Attributes.of(AttributeKey.stringKey("otel.component.type"), "batching_span_processor"));
    assertThat(reporter.totalDropped()).isEqualTo(7);
    assertThat(log).containsExactly("dropped 7 spans: the export queue (otel.bsp.max.queue.size=2048) is full; "
        + COLLECTOR + " is down or slow (further drops are reported at most once every 3600 s)");
  }

  @Test
  void otherInstrumentsAreNoops() {
    DroppedSpansReporter reporter = new DroppedSpansReporter(2048, COLLECTOR, m -> {}, Duration.ofHours(1));
    Meter meter = reporter.get("any");
    meter.gaugeBuilder("queueSize").ofLongs().buildWithCallback(m -> m.record(1));
    meter.upDownCounterBuilder("x").build().add(1);
    meter.histogramBuilder("y").build().record(1.0);
    meter.counterBuilder("z").build().add(1, Attributes.of(AttributeKey.booleanKey("dropped"), true));
    assertThat(reporter.totalDropped()).isZero();
  }

  @Test
  void reportsAtMostOncePerIntervalOnItsOwnTimer() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    DroppedSpansReporter reporter = new DroppedSpansReporter(10, COLLECTOR, log::add, Duration.ofMillis(200));
    try {
      reporter.recordDropped(1);
      reporter.recordDropped(2);
      reporter.recordDropped(3);
      assertThat(log).hasSize(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(log).hasSize(2);
      assertThat(log.get(1)).startsWith("dropped 5 spans in the last 200 ms: ");
      assertThat(reporter.totalDropped()).isEqualTo(6);
    } finally {
      reporter.close();
    }
  }

  @Test
  void closeReportsWhatIsLeft() {
    List<String> log = new CopyOnWriteArrayList<>();
    DroppedSpansReporter reporter = new DroppedSpansReporter(10, COLLECTOR, log::add, Duration.ofHours(1));
    reporter.recordDropped(1);
    reporter.recordDropped(4);
    reporter.close();
    reporter.close();
    assertThat(log).hasSize(2);
    assertThat(log.get(1)).startsWith("dropped 4 spans since the last report: ");
  }
}
