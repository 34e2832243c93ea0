package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
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
  public static ActiveSpan enter(
      @Advice.This HttpURLConnection connection,
      @Advice.FieldValue("connected") boolean connected) {
    if (CallDepth.forKey(HttpURLConnection.class).getAndIncrement() > 0) {
      return ActiveSpan.NOOP;
    }
    return HttpClientTracing.urlConnectionSpan(connection, connected).activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    if (CallDepth.forKey(HttpURLConnection.class).decrementAndGet() > 0) {
      return;
    }
    if (error != null) {
      HttpClientTracing.end(span, 0, error);
    } else {
      span.deactivate(); // the span stays open for the response
    }
  }
}
