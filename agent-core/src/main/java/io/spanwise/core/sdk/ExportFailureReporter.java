package io.spanwise.core.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanwise.core.AgentLog;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Says on the agent's log, at most once a minute, that exports to the collector are failing and why.
 *
 * <p>The OTLP exporter also logs each failure through java.util.logging, which is the application's
 * logging: those records are filtered out when (and only when) they come from the agent's own copy of
 * the exporter, so an application with its own OpenTelemetry SDK keeps its messages.
 */
final class ExportFailureReporter implements SpanExporter {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final String[] EXPORTER_LOGGERS = {
    "io.opentelemetry.exporter.internal.http.HttpExporter",
    "io.opentelemetry.exporter.internal.grpc.GrpcExporter",
  };
  // JUL holds loggers weakly: keep ours so that the filters stay in place.
  private static final Logger[] FILTERED = new Logger[EXPORTER_LOGGERS.length];

  private final SpanExporter delegate;
  private final String destination;
  private final AtomicLong failedSinceReport = new AtomicLong();
  private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

  ExportFailureReporter(SpanExporter delegate, String destination) {
    this.delegate = delegate;
    this.destination = destination;
    filterAgentExporterLogs();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = delegate.export(spans);
    int count = spans.size();
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        failed(count, result.getFailureThrowable());
      }
    });
    return result;
  }

  void failed(int spans, Throwable cause) {
    long failed = failedSinceReport.addAndGet(spans);
    long now = System.nanoTime();
    long last = lastReport.get();
    if (now - last >= INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
      failedSinceReport.addAndGet(-failed);
      AgentLog.warn("could not export " + failed + " spans to " + destination
          + (cause == null ? " (the collector refused them)" : ": " + cause)
          + "; retrying with later batches, next report in a minute at the earliest");
    }
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  private static synchronized void filterAgentExporterLogs() {
    ClassLoader agentLoader = ExportFailureReporter.class.getClassLoader();
    for (int i = 0; i < EXPORTER_LOGGERS.length; i++) {
      if (FILTERED[i] != null) {
        continue;
      }
      Logger logger = Logger.getLogger(EXPORTER_LOGGERS[i]);
      Filter previous = logger.getFilter();
      logger.setFilter(record -> !loggedByAgent(agentLoader) && (previous == null || previous.isLoggable(record)));
      FILTERED[i] = logger;
    }
  }

  /** Whether the exporter class on the stack that logs is the agent's copy. Runs only on failures. */
  private static boolean loggedByAgent(ClassLoader agentLoader) {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames
            .filter(f -> f.getClassName().startsWith("io.opentelemetry.exporter."))
            .findFirst()
            .map(f -> f.getDeclaringClass().getClassLoader() == agentLoader)
            .orElse(false));
  }
}
