package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
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
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable error,
      @Advice.Enter ActiveSpan span) {
    if (CallDepth.forKey(HttpURLConnection.class).decrementAndGet() > 0) {
      return;
    }
    HttpClientTracing.end(span, responseCode, responseCode > 0 ? null : error);
  }
}
