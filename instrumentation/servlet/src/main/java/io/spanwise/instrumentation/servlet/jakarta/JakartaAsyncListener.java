package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.TimeoutException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** Ends an async request's SERVER span when the async work completes, fails or times out (helper). */
public final class JakartaAsyncListener implements AsyncListener {
  private final ActiveSpan span;
  private volatile Throwable error;

  public JakartaAsyncListener(ActiveSpan span) {
    this.span = span;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    Tracing.endHttpServerSpan(span, JakartaServletSpans.statusCode(event.getSuppliedResponse(), error), error);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    error = new TimeoutException("async request timed out");
  }

  @Override
  public void onError(AsyncEvent event) {
    error = event.getThrowable();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // startAsync() again clears the listeners: stay registered for the new cycle.
    event.getAsyncContext().addListener(this);
  }
}
