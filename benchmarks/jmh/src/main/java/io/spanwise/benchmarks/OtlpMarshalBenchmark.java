package io.spanwise.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.export.otlp.TraceRequestEncoder;
import io.spanwise.core.spans.CompactTracer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What exporting costs per batch of 512 spans shaped like the benchmark service's (a SERVER span and
 * JDBC CLIENT spans with their semantic-convention attributes), for the OTLP exporter's two memory modes:
 * {@code REUSABLE_DATA} (the SDK's default: no per-span objects, sizes computed in a first pass) and
 * {@code IMMUTABLE_DATA} (one marshaler object per span and attribute, strings encoded once). The bytes
 * go to a discarding stream, so this is the marshaling alone, the part that runs on the export thread
 * for every span. {@code agentEncoder} is the agent's exporter's encoder ({@link TraceRequestEncoder}: the
 * same bytes in one pass into an array it keeps, ids written from the compact spans' numbers); {@code -p spans=} says whose
 * spans the batch holds: the agent's compact spans ({@code compact}) or the SDK's ({@code sdk}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OtlpMarshalBenchmark {
  private static final int BATCH = 512;

  private final List<SpanData> batch = new ArrayList<>();
  private final LowAllocationTraceRequestMarshaler reusable = new LowAllocationTraceRequestMarshaler();
  private final TraceRequestEncoder encoder = new TraceRequestEncoder();

  @Param({"compact", "sdk"})
  public String spans;
  private final OutputStream discard = new OutputStream() {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  };

  @Setup(Level.Trial)
  public void makeSpans() {
    SpanExporter collect = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        batch.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collect)).build()) {
      Tracer tracer = "sdk".equals(spans) ? provider.get("io.spanwise")
          : new CompactTracer(Sampler.parentBased(Sampler.alwaysOn()), SimpleSpanProcessor.create(collect),
              SpanLimits.getDefault(), Resource.getDefault(), InstrumentationScopeInfo.create("io.spanwise"));
      while (batch.size() < BATCH) {
        Span server = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "GET").setAttribute("url.scheme", "http")
            .setAttribute("url.path", "/checkout").setAttribute("http.route", "/checkout")
            .setAttribute("server.address", "127.0.0.1").setAttribute("server.port", 18080L)
            .setAttribute("client.address", "127.0.0.1").setAttribute("network.protocol.version", "1.1")
            .setAttribute("user_agent.original", "wrk").startSpan();
        try (io.opentelemetry.context.Scope ignored = server.makeCurrent()) {
          for (int i = 0; i < 2; i++) {
            tracer.spanBuilder("SELECT customers").setSpanKind(SpanKind.CLIENT).setParent(Context.current())
                .setAttribute("db.system.name", "h2database").setAttribute("db.namespace", "bench")
                .setAttribute("db.query.text", "SELECT id, name, tier FROM customers WHERE id = ?")
                .setAttribute("db.operation.name", "SELECT").setAttribute("db.collection.name", "customers")
                .startSpan().end();
          }
        }
        server.setAttribute("http.response.status_code", 200L);
        server.end();
      }
    }
  }

  @Benchmark
  public int reusableData() throws IOException {
    reusable.initialize(batch);
    try {
      reusable.writeBinaryTo(discard);
      return reusable.getBinarySerializedSize();
    } finally {
      reusable.reset();
    }
  }

  @Benchmark
  public int agentEncoder() throws IOException {
    int length = encoder.encode(batch);
    discard.write(encoder.array(), 0, length);
    return length;
  }

  @Benchmark
  public int immutableData() throws IOException {
    TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(batch);
    marshaler.writeBinaryTo(discard);
    return marshaler.getBinarySerializedSize();
  }
}
