package io.spanwise.instrumentation.spi;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;

/**
 * The span behind an {@link ActiveSpan} (the agent tracer's compact span, or the SDK's when that is
 * configured), with the context (baggage included) it was started in: the one span handle of the
 * agent, made by the core for generic spans and by the modules' tracers for theirs.
 */
public final class AgentSpan implements ActiveSpan {
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Span span;
  private final Context context;
  private volatile boolean ended;
  // what activate() did, only touched by the thread that did it: the context it replaced (AgentContextStorage),
  // or the scope it opened when that storage is not in use
  private boolean active;
  private Context before;
  private Scope scope;

  public AgentSpan(Span span, Context parentContext) {
    this.span = span;
    this.context = LinkedContext.withSpan(parentContext, span);
  }

  /** With the context to make current, which must hold {@code span} (and may carry more keys). */
  public AgentSpan(Context context, Span span) {
    this.span = span;
    this.context = context;
  }

  /** The span, for the attributes a tracer sets after the start. */
  public Span span() {
    return span;
  }

  /** The context this span is current in: what is propagated downstream. */
  public Context context() {
    return context;
  }

  @Override
  public ContextScope makeCurrent() {
    Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public ActiveSpan activate() {
    if (!active) {
      active = true;
      if (AgentContextStorage.isInstalled()) {
        before = AgentContextStorage.enter(context);
      } else {
        scope = context.makeCurrent();
      }
    }
    return this;
  }

  @Override
  public void deactivate() {
    if (!active) {
      return;
    }
    active = false;
    Scope open = scope;
    if (open != null) {
      scope = null;
      open.close();
    } else {
      AgentContextStorage.exit(context, before);
      before = null;
    }
  }

  /** Whether the span is sampled and records attributes; false for a span that only propagates. */
  public boolean isRecording() {
    return span.isRecording();
  }

  /** Records the throwable as an {@code exception} event and marks the span ERROR with its type. */
  public void recordException(Throwable error) {
    span.recordException(error);
    markError(error.getClass().getName());
  }

  /** Status ERROR, with {@code error.type}. */
  public void markError(String errorType) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, errorType);
  }

  public boolean isEnded() {
    return ended;
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      span.end();
    }
  }

  @Override
  public void end(Throwable error) {
    deactivate();
    if (error != null) {
      recordException(error);
    }
    end();
  }
}
