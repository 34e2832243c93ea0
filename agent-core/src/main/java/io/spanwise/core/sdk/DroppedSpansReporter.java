package io.spanwise.core.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import io.spanwise.core.AgentLog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts the spans the {@code BatchSpanProcessor} drops because its queue is full and says so in
 * the agent log: the first drop right away, then at most once per interval (a minute), and what is
 * left at shutdown.
 *
 * <p>It is handed to {@code BatchSpanProcessorBuilder.setMeterProvider} as a tiny
 * {@link MeterProvider}: the processor reports drops through a counter, and this provider listens
 * to exactly that counter. OpenTelemetry 1.55 records {@code processedSpans} with
 * {@code dropped=true}; later releases (the "latest" internal telemetry) record
 * {@code otel.sdk.processor.span.processed} with {@code error.type=queue_full}. Both are
 * understood. Every other instrument is a no-op.
 */
final class DroppedSpansReporter implements MeterProvider {
  static final String LEGACY_COUNTER = "processedSpans";
  static final String SEMCONV_COUNTER = "otel.sdk.processor.span.processed";
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final int queueSize;
  private final String destination;
  private final Consumer<String> sink;
  private final Duration interval;
  private final AtomicLong total = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean firstReported = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ScheduledExecutorService timer;

  DroppedSpansReporter(int queueSize, String destination) {
    this(queueSize, destination, AgentLog::warn, Duration.ofMinutes(1));
  }

  DroppedSpansReporter(int queueSize, String destination, Consumer<String> sink, Duration interval) {
    this.queueSize = queueSize;
    this.destination = destination;
    this.sink = sink;
    this.interval = interval;
  }

  /** Spans dropped since start. */
  long totalDropped() {
    return total.get();
  }

  void recordDropped(long count) {
    if (count <= 0) {
      return;
    }
    total.addAndGet(count);
    if (firstReported.compareAndSet(false, true)) {
      report(count, true);
      startTimer();
    } else {
      pending.addAndGet(count);
    }
  }

  private void startTimer() {
    if (closed.get()) {
      return;
    }
    try {
      ScheduledExecutorService t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "spanwise-dropped-spans-reporter");
                thread.setDaemon(true);
                return thread;
              });
      long millis = Math.max(1, interval.toMillis());
      t.scheduleAtFixedRate(this::tick, millis, millis, TimeUnit.MILLISECONDS);
      timer = t;
      if (closed.get()) {
        t.shutdownNow();
      }
    } catch (RuntimeException | Error e) {
      // no timer: what is pending is still reported at shutdown
    }
  }

  void tick() {
    long count = pending.getAndSet(0);
    if (count > 0) {
      report(count, false);
    }
  }

  /** Reports what has not been reported yet and stops the timer. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      ScheduledExecutorService t = timer;
      if (t != null) {
        t.shutdownNow();
      }
      long count = pending.getAndSet(0);
      if (count > 0) {
        sink.accept("dropped " + spans(count) + " since the last report"
            + ": the export queue (otel.bsp.max.queue.size=" + queueSize + ") was full; "
            + destination + " is down or slow");
      }
    }
  }

  private void report(long count, boolean first) {
    String message =
        "dropped " + spans(count)
            + (first ? "" : " in the last " + describe(interval))
            + ": the export queue (otel.bsp.max.queue.size=" + queueSize + ") is full; "
            + destination + " is down or slow"
            + (first ? " (further drops are reported at most once every " + describe(interval) + ")"
                : "");
    try {
      sink.accept(message);
    } catch (RuntimeException e) {
      // never let logging break span processing
    }
  }

  private static String spans(long count) {
    return count + (count == 1 ? " span" : " spans");
  }

  private static String describe(Duration d) {
    long seconds = d.getSeconds();
    return seconds >= 1 ? seconds + " s" : d.toMillis() + " ms";
  }

  // ------------------------------------------------------------------ MeterProvider plumbing

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return new MeterBuilder() {
      @Override
      public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
      }

      @Override
      public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
        return this;
      }

      @Override
      public Meter build() {
        return new DropMeter(MeterProvider.noop().get(instrumentationScopeName));
      }
    };
  }

  private final class DropMeter implements Meter {
    private final Meter noop;

    DropMeter(Meter noop) {
      this.noop = noop;
    }

    @Override
    public LongCounterBuilder counterBuilder(String name) {
      LongCounterBuilder delegate = noop.counterBuilder(name);
      if (LEGACY_COUNTER.equals(name) || SEMCONV_COUNTER.equals(name)) {
        return new DropCounterBuilder(delegate, name);
      }
      return delegate;
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
      return noop.upDownCounterBuilder(name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
      return noop.histogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
      return noop.gaugeBuilder(name);
    }
  }

  private final class DropCounterBuilder implements LongCounterBuilder {
    private final LongCounterBuilder delegate;
    private final String name;

    DropCounterBuilder(LongCounterBuilder delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return delegate.ofDoubles();
    }

    @Override
    public LongCounter build() {
      return new DropCounter(LEGACY_COUNTER.equals(name));
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return delegate.buildWithCallback(callback);
    }
  }

  private final class DropCounter implements LongCounter {
    private final boolean legacy;

    DropCounter(boolean legacy) {
      this.legacy = legacy;
    }

    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {
      if (attributes == null) {
        return;
      }
      boolean dropped =
          legacy
              ? Boolean.TRUE.equals(attributes.get(DROPPED))
              : "queue_full".equals(attributes.get(ERROR_TYPE));
      if (dropped) {
        recordDropped(value);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }
  }
}
