package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Starts and ends the SERVER span of a request (helper, injected next to the servlet API). */
public final class JakartaServletSpans {
  /** Request attribute marking a request that already has its SERVER span. */
  public static final String SPAN_ATTRIBUTE = "io.spanwise.servlet.span";

  private JakartaServletSpans() {}

  /** Returns the new span, or null when the request is not HTTP or already traced. */
  public static ActiveSpan start(ServletRequest request) {
    if (!(request instanceof HttpServletRequest) || request.getAttribute(SPAN_ATTRIBUTE) != null) {
      return null;
    }
    ActiveSpan span = Tracing.startHttpServerSpan(JakartaRequestGetter.INSTANCE, (HttpServletRequest) request);
    request.setAttribute(SPAN_ATTRIBUTE, span);
    return span;
  }

  /** Ends the span now, or when the async processing started during this call completes. */
  public static void finish(ActiveSpan span, ServletRequest request, ServletResponse response, Throwable error) {
    if (error == null && request.isAsyncStarted()) {
      request.getAsyncContext().addListener(new JakartaAsyncListener(span));
      return;
    }
    Tracing.endHttpServerSpan(span, statusCode(response, error), error);
  }

  static int statusCode(ServletResponse response, Throwable error) {
    if (!(response instanceof HttpServletResponse)) {
      return error != null ? 500 : 0;
    }
    int status = ((HttpServletResponse) response).getStatus();
    // The container turns an exception into a 500 after we return; report what the client will see.
    return error != null && status < 400 ? 500 : status;
  }
}
