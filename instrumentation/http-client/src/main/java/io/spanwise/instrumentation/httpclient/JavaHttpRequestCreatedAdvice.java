package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import net.bytebuddy.asm.Advice;

/**
 * The JDK client's own request ({@code jdk.internal.net.http.HttpRequestImpl}), made from the
 * application's on the calling thread for each call: the propagation headers of the current CLIENT span
 * are set on it as the client's own headers.
 */
public final class JavaHttpRequestCreatedAdvice {
  private JavaHttpRequestCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object request) {
    HttpClientTracing.requestCreated(request);
  }
}
