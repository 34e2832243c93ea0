package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * {@code connect()}, {@code getOutputStream()}: starts the connection's span if it has none (the request
 * is then still unsent, so the headers can be set); the span stays open for the response unless the call
 * fails. Nested calls ({@code getOutputStream} connecting) do nothing.
 */
public final class UrlConnectionRequestAdvice {
  private UrlConnectionRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (CallDepth.forKey(HttpURLConnection.class).getAndIncrement() > 0) {
      return;
    }
    span = Tracing.httpUrlConnectionSpan(connection);
    if (span == null && !connected) {
      span = Tracing.startHttpUrlConnectionSpan(connection);
    }
    if (span != null) {
      scope = span.makeCurrent();
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This HttpURLConnection connection,
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (CallDepth.forKey(HttpURLConnection.class).decrementAndGet() > 0) {
      return;
    }
    if (scope != null) {
      scope.close();
    }
    if (span != null && error != null) {
      Tracing.endHttpUrlConnectionSpan(connection, span, 0, error);
    }
  }
}
