package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.SpanKind;
import io.spanwise.instrumentation.support.logging.LogCorrelationData;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What log correlation adds to one log event, minus the logging library: the calls the advice makes.
 * {@code logbackInSpan}: the event's MDC (one application key) with the ids added, as
 * {@code LoggingEvent.getMDCPropertyMap()} returns it (once per event; later reads find the ids).
 * {@code log4jInSpan}: the key/value pairs Log4j's injector advice puts into the event's map.
 * {@code logbackInSpanNoMdc}: the same with no application MDC; {@code logbackInSpanMdcChanged}: with an
 * MDC map other than the previous event's each time. {@code logbackNoSpan}: the same call outside a span
 * (one context look-up).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogCorrelationBenchmark {
  private final LogCorrelationData correlation = new LogCorrelationData("trace_id", "span_id", "trace_flags", false);
  private final Map<String, String> mdc = Map.of("user", "ann");
  /** Two MDC maps taken in turn: the application changed its MDC since the previous event. */
  private final Map<String, String>[] changingMdc = mdcs(Map.of("user", "ann"), Map.of("user", "bob"));
  private int next;

  @SafeVarargs
  private static Map<String, String>[] mdcs(Map<String, String>... maps) {
    return maps;
  }

  /** A span current on the benchmark thread (a thread-scoped state is set up on that thread). */
  @State(Scope.Thread)
  public static class InSpan {
    private Spans spans;
    private ActiveSpan span;
    private ContextScope scope;

    @Setup
    public void setUp() {
      spans = new Spans();
      span = spans.bridge.startSpan(SpanKind.SERVER, "GET /orders", null);
      scope = span.makeCurrent();
    }

    @TearDown
    public void tearDown() {
      scope.close();
      span.end();
      spans.close();
    }
  }

  @Benchmark
  public Map<String, String> logbackInSpan(InSpan inSpan) {
    return correlation.withCorrelation(mdc, false);
  }

  /** No application MDC: Logback hands the event {@code Collections.emptyMap()}. */
  @Benchmark
  public Map<String, String> logbackInSpanNoMdc(InSpan inSpan) {
    return correlation.withCorrelation(Collections.emptyMap(), false);
  }

  /** A different MDC map than the previous event's, every time. */
  @Benchmark
  public Map<String, String> logbackInSpanMdcChanged(InSpan inSpan) {
    return correlation.withCorrelation(changingMdc[next++ & 1], false);
  }

  @Benchmark
  public String[] log4jInSpan(InSpan inSpan) {
    return correlation.entries(false);
  }

  @Benchmark
  public Map<String, String> logbackNoSpan() {
    return correlation.withCorrelation(mdc, false);
  }
}
