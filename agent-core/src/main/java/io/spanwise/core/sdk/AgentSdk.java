package io.spanwise.core.sdk;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.spanwise.core.AgentLog;
import io.spanwise.core.spans.CompactTracer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The SDK the agent records into, as built by {@link SdkFactory}. */
public final class AgentSdk {
  /** The whole of {@link #shutdown()}: flushing and closing the exporters. */
  static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(10);

  private final SdkTracerProvider tracerProvider;
  private final Resource resource;
  private final Tracer tracer;
  private final CompactTracer compact;
  private final ContextPropagators propagators;
  private final String exportDescription;
  private final DroppedSpansReporter dropReporter;
  private final Duration shutdownBudget;
  private final String samplingDescription;
  private final java.util.function.LongSupplier exporterLost;
  private final AtomicBoolean shutDown = new AtomicBoolean();

  /** The scope of the agent's spans: {@code io.spanwise}, version = the agent's version. */
  static final InstrumentationScopeInfo AGENT_SCOPE =
      InstrumentationScopeInfo.builder(SdkFactory.SCOPE_NAME).setVersion(AgentVersion.get()).build();

  /** @param compact the agent's tracer, or null for the SDK's own */
  AgentSdk(
      SdkTracerProvider tracerProvider,
      CompactTracer compact,
      Resource resource,
      ContextPropagators propagators,
      String exportDescription,
      DroppedSpansReporter dropReporter,
      Duration shutdownBudget,
      String samplingDescription,
      java.util.function.LongSupplier exporterLost) {
    this.tracerProvider = tracerProvider;
    this.resource = resource;
    this.compact = compact;
    this.tracer = compact != null ? compact
        : tracerProvider.tracerBuilder(AGENT_SCOPE.getName()).setInstrumentationVersion(AGENT_SCOPE.getVersion()).build();
    this.propagators = propagators;
    this.exportDescription = exportDescription;
    this.dropReporter = dropReporter;
    this.shutdownBudget = shutdownBudget;
    this.samplingDescription = samplingDescription;
    this.exporterLost = exporterLost;
  }

  /** The sampling in force, for the start-up line: "5% head, keeping errors, at most 100 traces/s". */
  public String samplingDescription() {
    return samplingDescription;
  }

  /** The tracer of scope {@code io.spanwise}, version = the agent's version. */
  public Tracer tracer() {
    return tracer;
  }

  public ContextPropagators propagators() {
    return propagators;
  }

  public SdkTracerProvider tracerProvider() {
    return tracerProvider;
  }

  /** The resource every span carries. */
  public Resource resource() {
    return resource;
  }

  /**
   * Where spans go, for the startup log: {@code "otlp http/protobuf to http://localhost:4318/v1/traces"},
   * {@code "console"}, {@code "none"}, or several of these separated by commas.
   */
  public String exportDescription() {
    return exportDescription;
  }

  /**
   * Spans dropped so far: the export queue was full, or the exporter gave them up (held too long while the
   * collector was not answering, refused, not delivered at shutdown); 0 without an OTLP exporter.
   */
  public long droppedSpans() {
    return (dropReporter == null ? 0 : dropReporter.totalDropped()) + exporterLost.getAsLong();
  }

  /**
   * Exports what is pending, then shuts the exporters down. Takes at most {@code spanwise.shutdown.timeout}
   * (10 s) while the collector answers; when it was not answering, the exporter makes one final attempt
   * of about a second and says how many spans were not delivered. Never throws; only the first call does
   * anything.
   */
  public void shutdown() {
    shutdown(shutdownBudget);
  }

  void shutdown(Duration budget) {
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    try {
      // Most of the budget for delivering what is pending, the rest for closing the exporters.
      CompletableResultCode flush = tracerProvider.forceFlush();
      flush.join(budget.toNanos() * 4 / 5, TimeUnit.NANOSECONDS);
      boolean flushed = flush.isDone() && flush.isSuccess();
      long remaining = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
      if (compact != null) {
        compact.shutdown(); // as the provider's tracers: nothing more is recorded
      }
      CompletableResultCode close = tracerProvider.shutdown();
      close.join(remaining, TimeUnit.NANOSECONDS);
      if (!flushed || !close.isDone()) {
        AgentLog.warn("could not export all pending spans within " + budget.getSeconds()
            + " s at shutdown (" + exportDescription + "); some spans may be lost");
      }
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error("error while shutting down the span exporters", e);
    } finally {
      if (dropReporter != null) {
        dropReporter.close();
      }
    }
  }
}
