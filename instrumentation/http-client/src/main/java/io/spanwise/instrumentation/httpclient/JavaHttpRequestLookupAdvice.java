package io.spanwise.instrumentation.httpclient;

import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.asm.Advice;

/**
 * The static initializer and any constructor of the JDK client's request
 * ({@code jdk.internal.net.http.HttpRequestImpl}; the agent initializes the class before the first call
 * needs it): woven into the class, the advice's {@code MethodHandles.lookup()} is the class's own,
 * through which the agent finds its {@code setSystemHeader}. Once found, the advice only reads a flag.
 */
public final class JavaHttpRequestLookupAdvice {
  private JavaHttpRequestLookupAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit() {
    if (HttpClientTracing.needsRequestLookup()) {
      HttpClientTracing.requestLookup(MethodHandles.lookup());
    }
  }
}
