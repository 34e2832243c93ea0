package io.spanwise.benchmarks;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.core.config.Config;
import io.spanwise.core.export.otlp.DiscardingTransport;
import io.spanwise.core.export.otlp.ResilientSpanExporter;
import io.spanwise.core.propagation.W3CBaggage;
import io.spanwise.core.propagation.W3CTraceContext;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.spans.CompactTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.instrumentation.jdbc.agent.DbTracer;
import io.spanwise.instrumentation.spi.AgentContextStorage;
import io.spanwise.instrumentation.support.http.HttpServerTracer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full cost of one span, from its start to its exported bytes: the module's tracer starts it with its
 * attributes, it is made current and ended as the advice does, the SDK converts it to {@code SpanData}
 * as the batch span processor's worker does, and every 512 spans the agent's OTLP exporter
 * ({@link ResilientSpanExporter}) encodes the batch into the request's bytes and hands them to a
 * transport that discards them. Everything runs on the benchmark thread (the exporter's thread is an
 * inline executor, the processor's queue a list), so {@code -prof gc}'s B/op is the span's whole
 * allocation, amortized over the batch; in the agent the conversion, encoding and send run on its
 * threads.
 *
 * <p>{@code sampling}: {@code all} is the default ({@code parentbased_always_on}); {@code 5%} is
 * {@code parentbased_traceidratio} 0.05 (the SERVER span is a root, so about one in twenty is recorded;
 * the JDBC span follows its parent, one of 100 request spans made with the same sampler); {@code none}
 * is a span that is not recorded ({@code parentbased_always_off}): what it costs beyond propagation.
 *
 * <p>{@code record}: {@code compact} is the agent's tracer ({@link CompactTracer}), {@code sdk} the SDK's
 * own tracer and span, over the same sampler and processor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpanToBytesBenchmark {
  @Param({"all", "5%", "none"})
  public String sampling;

  @Param({"compact", "sdk"})
  public String record;

  private SdkTracerProvider provider;
  private HttpServerTracer server;
  private DbTracer db;
  private final DiscardingTransport transport = new DiscardingTransport();
  private Connection connection;
  private PreparedStatement statement;
  private final List<ActiveSpan> parents = new ArrayList<>();
  private int next;
  private HttpServerSpanBenchmark.Request request;
  private long ops;

  /** An executor that runs what it is given at once, on the calling thread: the exporter's "thread". */
  private static final class InlineExecutor extends ScheduledThreadPoolExecutor {
    InlineExecutor() {
      super(0);
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }

  /** The batch span processor's work without its queue and thread: SpanData, batches of 512, export. */
  private static final class BatchingProcessor implements SpanProcessor {
    private final ResilientSpanExporter exporter;
    private final List<SpanData> batch = new ArrayList<>(512);

    BatchingProcessor(ResilientSpanExporter exporter) {
      this.exporter = exporter;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (!span.getSpanContext().isSampled()) {
        return;
      }
      batch.add(span.toSpanData());
      if (batch.size() == 512) {
        exporter.export(batch);
        batch.clear();
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    AgentContextStorage.install(); // as the agent does first: span handles made current without scopes
    Sampler sampler;
    // what the agent's configuration tells its tracer the sampler reads of the trace id (SdkFactory)
    CompactTracer.SamplerReadsTraceId readsTraceId = CompactTracer.SamplerReadsTraceId.NEVER;
    switch (sampling) {
      case "all":
        sampler = Sampler.parentBased(Sampler.alwaysOn());
        break;
      case "5%":
        sampler = Sampler.parentBased(Sampler.traceIdRatioBased(0.05));
        readsTraceId = CompactTracer.SamplerReadsTraceId.FOR_ROOTS;
        break;
      default:
        sampler = Sampler.parentBased(Sampler.alwaysOff());
    }
    ResilientSpanExporter exporter = new ResilientSpanExporter(
        transport, 2048, 512, Duration.ofSeconds(10), InlineExecutor::new);
    SpanProcessor processor = new BatchingProcessor(exporter);
    provider = SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(processor).build();
    Tracer tracer = record.equals("sdk") ? provider.get(SdkFactory.SCOPE_NAME)
        : new CompactTracer(sampler, readsTraceId, processor, SpanLimits.getDefault(), Resource.getDefault(),
            InstrumentationScopeInfo.create(SdkFactory.SCOPE_NAME));
    ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
        W3CTraceContext.getInstance(), W3CBaggage.getInstance()));
    AgentInstrumentationContext context = new AgentInstrumentationContext(
        tracer, propagators, Config.of(Map.of(), Map.of()));
    server = new HttpServerTracer(context);
    db = new DbTracer(context.tracer(), DbTracer.querySanitization(context.config()));
    request = new HttpServerSpanBenchmark.Request("GET", "/checkout", "customer=42", Map.of(
        "host", List.of("127.0.0.1:8080"), "user-agent", List.of("wrk"), "accept", List.of("*/*")));
    connection = DriverManager.getConnection("jdbc:h2:mem:spantobytes;DB_CLOSE_DELAY=-1", "sa", "");
    statement = connection.prepareStatement("SELECT 1 FROM DUAL WHERE 1 = ?");
    db.prepared(statement, JdbcSpanBenchmark.QUERY, connection);
    for (int i = 0; i < 100; i++) {
      parents.add(server.startSpan(HttpServerSpanBenchmark.Getter.INSTANCE, request));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    System.out.printf("%n%d spans, %d OTLP requests, %d bytes (%.0f per span)%n", ops, transport.requests,
        transport.bytes, ops == 0 ? 0.0 : (double) transport.bytes / ops);
    for (ActiveSpan parent : parents) {
      server.end(parent, 200, null);
    }
    statement.close();
    connection.close();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public void serverSpan() {
    ops++;
    ActiveSpan span = server.startSpan(HttpServerSpanBenchmark.Getter.INSTANCE, request);
    ContextScope scope = span.makeCurrent();
    scope.close();
    server.end(span, 200, null);
  }

  @Benchmark
  public void jdbcSpan() {
    ops++;
    ActiveSpan parent = parents.get(next);
    next = next == parents.size() - 1 ? 0 : next + 1;
    ContextScope parentScope = parent.makeCurrent();
    try {
      ActiveSpan span = db.start(statement, null);
      ContextScope scope = span.makeCurrent();
      scope.close();
      db.end(span, null);
    } finally {
      parentScope.close();
    }
  }
}
