package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.annotations.AnnotationsTracing;
import java.util.concurrent.CompletableFuture;
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
 * A call of a {@code @WithSpan} method, as the woven code makes it: the advice pushes the constants bound
 * when the method was woven (name, kind, code attributes; for {@code @SpanAttribute} parameters a names
 * array and the boxed values) and calls the annotations facade, which starts the span through the
 * module's tracer, makes it current, and ends it when the method returns. {@code plain}: the method
 * alone; {@code withSpan}: no attribute parameter; {@code withSpanAttributes}: three ({@code String},
 * {@code long}, {@code boolean}); {@code withSpanFuture}: a method returning a completed
 * {@code CompletableFuture} (the async exit).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class WithSpanBenchmark {
  private static final String NAMESPACE = "com.example.Orders";

  private Spans spans;
  private int counter;
  private final CompletableFuture<String> done = CompletableFuture.completedFuture("done");

  @Setup
  public void setUp() {
    spans = new Spans();
    AnnotationsTracing.install(spans.methods);
  }

  @TearDown
  public void tearDown() {
    AnnotationsTracing.install(null);
    spans.close();
  }

  private int work(String orderId, long quantity, boolean gift) {
    return orderId.length() + (int) quantity + (gift ? 1 : 0) + counter++;
  }

  @Benchmark
  public int plain() {
    return work("A-17", 3, true);
  }

  @Benchmark
  public int withSpan() {
    ActiveSpan span = AnnotationsTracing.startMethodSpan("Orders.checkout", 0, false, NAMESPACE,
        NAMESPACE + ".checkout", null, null, null).activate();
    Throwable error = null;
    try {
      return work("A-17", 3, true);
    } catch (RuntimeException e) {
      error = e;
      throw e;
    } finally {
      span.end(error);
    }
  }

  @Benchmark
  public int withSpanAttributes() {
    String orderId = "A-17";
    long quantity = 3;
    boolean gift = true;
    ActiveSpan span = AnnotationsTracing.startMethodSpan("process_checkout", 0, false, NAMESPACE,
        NAMESPACE + ".checkout", new String[] {"order.id", "quantity", "gift"}, "SLB",
        new Object[] {orderId, quantity, gift}).activate();
    Throwable error = null;
    try {
      return work(orderId, quantity, gift);
    } catch (RuntimeException e) {
      error = e;
      throw e;
    } finally {
      span.end(error);
    }
  }

  @Benchmark
  public CompletableFuture<String> withSpanFuture() {
    ActiveSpan span = AnnotationsTracing.startMethodSpan("Orders.later", 0, false, NAMESPACE,
        NAMESPACE + ".later", null, null, null).activate();
    counter++;
    AnnotationsTracing.endAsync(span, done, null);
    return done;
  }
}
