package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * {@code getInputStream()}: the response. Ends the connection's span (started here if no earlier call
 * started it) with the response code, which is known also when the call throws for a 4xx or 5xx
 * ({@code FileNotFoundException} for a 404): that is a response, not a transport failure.
 */
public final class UrlConnectionResponseAdvice {
  private UrlConnectionResponseAdvice() {}

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
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (CallDepth.forKey(HttpURLConnection.class).decrementAndGet() > 0) {
      return;
    }
    if (scope != null) {
      scope.close();
    }
    if (span != null) {
      Tracing.endHttpUrlConnectionSpan(connection, span, responseCode, responseCode > 0 ? null : error);
    }
  }
}
