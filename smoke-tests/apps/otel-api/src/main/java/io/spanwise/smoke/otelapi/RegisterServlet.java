package io.spanwise.smoke.otelapi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The app registers an OpenTelemetry of its own (as {@code buildAndRegisterGlobal()} of its own SDK does),
 * then starts a span {@code own-registered-span} through {@code GlobalOpenTelemetry}: reports whether that
 * went to its own (which counts the spans it starts) and whether anything was thrown.
 */
public final class RegisterServlet extends HttpServlet {
  static final AtomicInteger OWN_SPANS = new AtomicInteger();

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    StringBuilder report = new StringBuilder();
    try {
      GlobalOpenTelemetry.set(new OwnOpenTelemetry());
      report.append("register=ok\n");
    } catch (Throwable t) {
      report.append("register=").append(t).append('\n');
    }
    try {
      Span span = GlobalOpenTelemetry.getTracer("own").spanBuilder("own-registered-span").startSpan();
      span.end();
      report.append("own.spans=").append(OWN_SPANS.get()).append('\n');
    } catch (Throwable t) {
      report.append("own.spans=").append(t).append('\n');
    }
    response.setContentType("text/plain");
    response.getWriter().print(report);
  }

  /** An OpenTelemetry of the app's own: its tracer counts the spans it starts and records nothing. */
  static final class OwnOpenTelemetry implements OpenTelemetry {
    @Override
    public TracerProvider getTracerProvider() {
      Tracer tracer = name -> (SpanBuilder) Proxy.newProxyInstance(SpanBuilder.class.getClassLoader(),
          new Class<?>[] {SpanBuilder.class}, (proxy, method, args) -> {
            if (method.getName().equals("startSpan")) {
              OWN_SPANS.incrementAndGet();
              return Span.getInvalid();
            }
            return method.getReturnType() == SpanBuilder.class ? proxy : null;
          });
      return new TracerProvider() {
        @Override
        public Tracer get(String name) {
          return tracer;
        }

        @Override
        public Tracer get(String name, String version) {
          return tracer;
        }
      };
    }

    @Override
    public ContextPropagators getPropagators() {
      return ContextPropagators.noop();
    }
  }
}
