package io.spanwise.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.SpanKind;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import io.spanwise.core.config.Config;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.instrumentation.otelapi.BridgedContextStorage;
import io.spanwise.instrumentation.otelapi.BridgedOpenTelemetry;
import io.spanwise.instrumentation.otelapi.agent.OtelApiAgentBridge;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
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
 * A span started and ended through the opentelemetry-api bridge (the application's {@code Tracer}, the
 * bridge's helpers, the boot-side facade, the agent's SDK) against a span the agent starts itself (the
 * core's bridge, as advice does), each as a bare start/end and as start, make current, end.
 *
 * <p>In-process, the "application's" API is the agent's own (one class path): the bridge's classes and
 * calls are exactly those of the real set-up, only the class identities differ (in an application the
 * helpers implement the application's copy of the interfaces), which costs nothing per call.
 * {@code ContextStorage} is the bridge's storage, as {@code LazyStorage.get()} answers under the agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class OtelApiBridgeBenchmark {
  private Spans spans;
  private Tracer bridged;
  private ContextStorage storage;

  @Setup
  public void setUp() {
    spans = new Spans();
    ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
    AgentInstrumentationContext context = new AgentInstrumentationContext(
        spans.context.tracer(), propagators, Config.of(Map.of(), Map.of()),
        (name, version) -> version == null ? spans.provider.get(name) : spans.provider.get(name, version));
    OtelApiTracing.install(new OtelApiAgentBridge(context));
    bridged = BridgedOpenTelemetry.INSTANCE.getTracer("shop", "1.0");
    storage = BridgedContextStorage.INSTANCE;
  }

  @TearDown
  public void tearDown() {
    OtelApiTracing.install(null);
    spans.close();
  }

  /** The agent's own span: what advice starts and ends. */
  @Benchmark
  public void agentSpan() {
    spans.bridge.startSpan(SpanKind.INTERNAL, "process_checkout", null).end();
  }

  /** The application's span through the bridge: {@code tracer.spanBuilder(name).startSpan() ... end()}. */
  @Benchmark
  public void bridgedSpan() {
    bridged.spanBuilder("process_checkout").startSpan().end();
  }

  /** The agent's span, made current and closed, as advice does around a call. */
  @Benchmark
  public void agentSpanCurrent() {
    ActiveSpan span = spans.bridge.startSpan(SpanKind.INTERNAL, "process_checkout", null).activate();
    span.end(null);
  }

  /** {@code try (Scope s = span.makeCurrent()) {...} span.end()} through the bridge's context storage. */
  @Benchmark
  public void bridgedSpanCurrent() {
    Span span = bridged.spanBuilder("process_checkout").startSpan();
    Context current = storage.current();
    try (io.opentelemetry.context.Scope scope = storage.attach(current.with(span))) {
      // the application's work
    }
    span.end();
  }
}
