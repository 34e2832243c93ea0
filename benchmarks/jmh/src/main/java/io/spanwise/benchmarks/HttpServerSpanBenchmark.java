package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the servlet advice costs a request, minus the container: the core's bridge starting a SERVER
 * span (reading the request through a getter like the servlet one), making it current, closing the
 * scope and ending the span with a status, as {@code JakartaServletAdvice} does. {@code noSpan} is the
 * same request read by nothing (the baseline); {@code serverSpanWithTraceparent} continues an incoming
 * trace.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HttpServerSpanBenchmark {
  private Spans spans;
  /** {@code parentbased_traceidratio} answering no to a new trace: what 95 % of requests cost at 5 %. */
  private Spans notSampling;
  private Request plain;
  private Request withTraceparent;
  private Request withTraceparentNotSampled;

  @Setup
  public void setUp() {
    spans = new Spans();
    Map<String, List<String>> headers = Map.of(
        "host", List.of("127.0.0.1:8080"),
        "user-agent", List.of("wrk"),
        "accept", List.of("*/*"));
    plain = new Request("GET", "/checkout", "customer=42", headers);
    Map<String, List<String>> traced = new java.util.HashMap<>(headers);
    traced.put("traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    withTraceparent = new Request("GET", "/checkout", "customer=42", traced);
    Map<String, List<String>> notSampled = new java.util.HashMap<>(headers);
    notSampled.put("traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
    withTraceparentNotSampled = new Request("GET", "/checkout", "customer=42", notSampled);
    notSampling = new Spans(io.opentelemetry.sdk.trace.samplers.Sampler.parentBased(
        io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(0.0)));
  }

  @TearDown
  public void tearDown() {
    spans.close();
    notSampling.close();
  }

  @Benchmark
  public void noSpan(Blackhole blackhole) {
    blackhole.consume(plain);
  }

  @Benchmark
  public void serverSpan() {
    request(plain);
  }

  @Benchmark
  public void serverSpanWithTraceparent() {
    request(withTraceparent);
  }

  /** A new trace the ratio sampler does not record (a non-recording span, propagated downstream). */
  @Benchmark
  public void serverSpanNotSampled() {
    request(notSampling, plain);
  }

  /** An incoming {@code traceparent} whose flags say not sampled (parent-based: not recorded). */
  @Benchmark
  public void serverSpanWithTraceparentNotSampled() {
    request(withTraceparentNotSampled);
  }

  private void request(Request request) {
    request(spans, request);
  }

  private static void request(Spans spans, Request request) {
    ActiveSpan span = spans.server.startSpan(Getter.INSTANCE, request);
    ContextScope scope = span.makeCurrent();
    scope.close();
    spans.server.end(span, 200, null);
  }

  /** A request as a servlet container holds it: headers by lower-case name. */
  static final class Request {
    final String method;
    final String path;
    final String query;
    final Map<String, List<String>> headers;

    Request(String method, String path, String query, Map<String, List<String>> headers) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.headers = headers;
    }
  }

  /** Reads a {@link Request} as the servlet getter reads an HttpServletRequest. */
  static final class Getter implements HttpServerRequestGetter<Request> {
    static final Getter INSTANCE = new Getter();

    @Override
    public Iterator<String> getAll(Request request, String name) {
      List<String> values = request.headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null ? Collections.emptyIterator() : values.iterator();
    }

    @Override
    public Iterable<String> keys(Request request) {
      return request.headers.keySet();
    }

    @Override
    public String method(Request request) {
      return request.method;
    }

    @Override
    public String scheme(Request request) {
      return "http";
    }

    @Override
    public String serverAddress(Request request) {
      return "127.0.0.1";
    }

    @Override
    public int serverPort(Request request) {
      return 8080;
    }

    @Override
    public String path(Request request) {
      return request.path;
    }

    @Override
    public String query(Request request) {
      return request.query;
    }

    @Override
    public String route(Request request) {
      return "/checkout";
    }

    @Override
    public String clientAddress(Request request) {
      return "127.0.0.1";
    }

    @Override
    public String userAgent(Request request) {
      List<String> values = request.headers.get("user-agent");
      return values == null ? null : values.get(0);
    }

    @Override
    public String protocolVersion(Request request) {
      return "1.1";
    }
  }
}
