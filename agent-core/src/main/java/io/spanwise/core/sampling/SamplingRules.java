package io.spanwise.core.sampling;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Spanwise's production sampling on top of {@code otel.traces.sampler}, read from:
 * <ul>
 *   <li>{@code spanwise.traces.keep-errors} (false): keep every local trace with an ERROR span;
 *   <li>{@code spanwise.traces.keep-slow} (off): keep every local trace whose root is slower than a
 *       duration, or than a threshold per route ({@link SlowThresholds});
 *   <li>{@code spanwise.traces.max-per-second} (off): at most this many new traces a second;
 *   <li>{@code spanwise.traces.keep.max-spans} (20000), {@code .max-spans-per-trace} (1000),
 *       {@code .max-wait} (60s): the bounds of what waits for a keep decision.
 * </ul>
 */
public final class SamplingRules {
  private final boolean keepErrors;
  private final SlowThresholds slow;
  private final int maxPerSecond;
  private final int maxSpans;
  private final int maxSpansPerTrace;
  private final Duration maxWait;

  private SamplingRules(boolean keepErrors, SlowThresholds slow, int maxPerSecond, int maxSpans,
      int maxSpansPerTrace, Duration maxWait) {
    this.keepErrors = keepErrors;
    this.slow = slow;
    this.maxPerSecond = maxPerSecond;
    this.maxSpans = maxSpans;
    this.maxSpansPerTrace = maxSpansPerTrace;
    this.maxWait = maxWait;
  }

  public static SamplingRules fromConfig(Config config) {
    boolean keepErrors = config.getBoolean("spanwise.traces.keep-errors", false);
    SlowThresholds slow = SlowThresholds.fromConfig(config, "spanwise.traces.keep-slow");
    int maxPerSecond = config.getInt("spanwise.traces.max-per-second", 0, 0);
    int maxSpans = config.getInt("spanwise.traces.keep.max-spans", 20_000, 1);
    int maxSpansPerTrace = config.getInt("spanwise.traces.keep.max-spans-per-trace", 1_000, 1);
    Duration maxWait = config.getDuration("spanwise.traces.keep.max-wait", Duration.ofSeconds(60));
    return new SamplingRules(keepErrors, slow, maxPerSecond, maxSpans, maxSpansPerTrace, maxWait);
  }

  /** Whether unsampled traces are recorded and held for a keep decision. */
  public boolean keepsTraces() {
    return keepErrors || !slow.isEmpty();
  }

  /** Whether any rule is set: without one the configured sampler is used as it is. */
  public boolean isActive() {
    return keepsTraces() || maxPerSecond > 0;
  }

  /** The configured sampler with the rules around it. */
  public Sampler sampler(Sampler head) {
    return sampler(head, System::nanoTime);
  }

  Sampler sampler(Sampler head, LongSupplier nanoClock) {
    return new RuleSampler(head, maxPerSecond > 0 ? new TokenBucket(maxPerSecond, nanoClock) : null, keepsTraces());
  }

  /** The processor that holds unsampled traces and exports the kept ones to {@code exporter}. */
  public SpanProcessor keepingProcessor(SpanExporter exporter) {
    return keepingProcessor(exporter, System::nanoTime);
  }

  SpanProcessor keepingProcessor(SpanExporter exporter, LongSupplier nanoClock) {
    return new TailKeepingProcessor(exporter, keepErrors, slow, maxSpans, maxSpansPerTrace, maxWait, nanoClock,
        new SamplingReport(nanoClock));
  }

  /**
   * For the start-up line, with the head sampler's own words: "5% head, keeping errors and traces slower
   * than 500ms, at most 100 traces/s".
   */
  public String describe(String head) {
    List<String> parts = new ArrayList<>();
    parts.add(head);
    List<String> kept = new ArrayList<>();
    if (keepErrors) {
      kept.add("errors");
    }
    if (!slow.isEmpty()) {
      kept.add("traces slower than " + slow.describe());
    }
    if (!kept.isEmpty()) {
      parts.add("keeping " + String.join(" and ", kept));
    }
    if (maxPerSecond > 0) {
      parts.add("at most " + maxPerSecond + " traces/s");
    }
    return String.join(", ", parts);
  }
}
