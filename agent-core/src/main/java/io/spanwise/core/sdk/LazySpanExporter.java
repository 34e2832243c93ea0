package io.spanwise.core.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanwise.core.AgentLog;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * An exporter built on its first export, on the span processor's thread, instead of at start-up. Building
 * the OTLP exporter builds its HTTP client, and the JDK's {@code HttpClient} sets up the default TLS
 * context even for plain http: hundreds of security classes and the CA certificates, a good part of the
 * agent's start-up time for nothing the application waits on. The settings were read and checked when
 * this was made; a failure to build is logged once and the spans of that export are dropped.
 */
final class LazySpanExporter implements SpanExporter {
  private final Supplier<SpanExporter> factory;
  private final String description;
  private SpanExporter delegate;
  private boolean failed;
  private boolean shutdown;

  LazySpanExporter(Supplier<SpanExporter> factory, String description) {
    this.factory = factory;
    this.description = description;
  }

  /** The exporter, built now if it was not yet; null when it cannot be built or after shutdown. */
  synchronized SpanExporter delegate() {
    if (delegate == null && !failed && !shutdown) {
      try {
        delegate = factory.get();
      } catch (RuntimeException | LinkageError e) {
        failed = true;
        AgentLog.error("cannot create the " + description + "; spans will not be sent there", e);
      }
    }
    return delegate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    SpanExporter exporter = delegate();
    return exporter == null ? CompletableResultCode.ofFailure() : exporter.export(spans);
  }

  @Override
  public CompletableResultCode flush() {
    SpanExporter exporter;
    synchronized (this) {
      exporter = delegate;
    }
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    SpanExporter exporter;
    synchronized (this) {
      shutdown = true;
      exporter = delegate;
    }
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.shutdown();
  }

  @Override
  public String toString() {
    return "LazySpanExporter{" + description + "}";
  }
}
