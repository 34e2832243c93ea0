package io.spanwise.core.trace;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HttpServerRequestGetter;
import io.spanwise.bootstrap.api.TracingBridge;

/** The core's side of the advice API: spans built with the OpenTelemetry SDK. */
public final class CoreTracingBridge extends TracingBridge {
  private final HttpServerTracer httpServer;
  private final AdviceFailures adviceFailures = new AdviceFailures();

  public CoreTracingBridge(Tracer tracer, ContextPropagators propagators) {
    this.httpServer = new HttpServerTracer(tracer, propagators);
  }

  @Override
  public <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
    return httpServer.start(getter, request);
  }

  @Override
  public void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof CoreSpan) {
      httpServer.end((CoreSpan) span, statusCode, error);
    }
  }

  @Override
  public void adviceFailed(Throwable error) {
    adviceFailures.report(error);
  }
}
