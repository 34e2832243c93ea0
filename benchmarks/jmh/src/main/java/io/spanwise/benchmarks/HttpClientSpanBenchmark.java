package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the HTTP client advice adds to one outgoing call, minus the network: the core's bridge starting
 * the CLIENT span from the method and URI (attributes, {@code url.full} redaction check), the
 * propagation headers, the scope, and the end with a status, as the Apache and {@code HttpURLConnection}
 * advice do. {@code jdkClientCall} also builds the JDK client's request copy with the headers;
 * {@code noSpan} is the baseline. A real loopback call costs tens of microseconds: these are its
 * overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HttpClientSpanBenchmark {
  /** Name/value pairs, as a client's headers receive them. */
  private static final HeaderSetter<List<String>> PAIRS = (pairs, name, value) -> {
    pairs.add(name);
    pairs.add(value);
  };

  private Spans spans;
  private URI uri;
  private HttpRequest request;

  @Setup
  public void setUp() {
    spans = new Spans();
    uri = URI.create("http://127.0.0.1:8081/quote?item=book&page=2");
    request = HttpRequest.newBuilder(uri).header("Accept", "text/plain").build();
  }

  @TearDown
  public void tearDown() {
    spans.close();
  }

  @Benchmark
  public void noSpan(Blackhole blackhole) {
    blackhole.consume(uri);
  }

  @Benchmark
  public void clientCall(Blackhole blackhole) {
    ActiveSpan span = spans.http.startSpan("GET", uri);
    List<String> headers = new ArrayList<>(6);
    spans.http.inject(span, headers, PAIRS);
    blackhole.consume(headers);
    ContextScope scope = span.makeCurrent();
    scope.close();
    spans.http.end(span, 200, null);
  }

  @Benchmark
  public void jdkClientCall(Blackhole blackhole) {
    ActiveSpan span = spans.http.startSpan(request.method(), request.uri());
    blackhole.consume(spans.http.withHeaders(span, request, null)); // the copy of the request (no client)
    ContextScope scope = span.makeCurrent();
    scope.close();
    spans.http.end(span, 200, null);
  }
}
