package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.TimeoutException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Ends an async request's SERVER span when the async work completes, fails or times out (helper); every
 * callback is guarded like advice: a failure of the agent is reported, never thrown to the container.
 */
public final class JakartaAsyncListener implements AsyncListener {
  private final ActiveSpan span;
  private volatile Throwable error;

  public JakartaAsyncListener(ActiveSpan span) {
    this.span = span;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    try {
      JakartaServlet.INSTANCE.asyncEnded(span, event.getSuppliedResponse(), error);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
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
    try {
      event.getAsyncContext().addListener(this);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
  }
}
