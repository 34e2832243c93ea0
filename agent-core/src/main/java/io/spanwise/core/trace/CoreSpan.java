package io.spanwise.core.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;

/** The SDK span behind an {@link ActiveSpan}, with the context (baggage included) it was started in. */
final class CoreSpan implements ActiveSpan {
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  final Span span;
  private final Context context;
  private volatile boolean ended;

  CoreSpan(Span span, Context parentContext) {
    this.span = span;
    this.context = parentContext.with(span);
  }

  /** With the context to make current, which must hold {@code span} (and may carry more keys). */
  CoreSpan(Context context, Span span) {
    this.span = span;
    this.context = context;
  }

  /** The context this span is current in: what is propagated downstream. */
  Context context() {
    return context;
  }

  @Override
  public ContextScope makeCurrent() {
    Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public boolean isRecording() {
    return span.isRecording();
  }

  @Override
  public void setAttribute(String key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  @Override
  public void setAttribute(String key, long value) {
    span.setAttribute(key, value);
  }

  @Override
  public void recordException(Throwable error) {
    span.recordException(error);
    markError(error.getClass().getName());
  }

  void markError(String errorType) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, errorType);
  }

  boolean isEnded() {
    return ended;
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      span.end();
    }
  }
}
