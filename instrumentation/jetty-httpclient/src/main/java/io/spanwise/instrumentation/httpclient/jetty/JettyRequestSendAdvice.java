package io.spanwise.instrumentation.httpclient.jetty;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * {@code HttpRequest.send(Response.CompleteListener)}: the conversation's first send starts the call's
 * CLIENT span, adds its headers and the listener that ends it; a redirect's or retry's send does nothing.
 */
public final class JettyRequestSendAdvice {
  private JettyRequestSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.This HttpRequest request) {
    return JettyCalls.start(request);
  }

  /** A send that throws (a request already sent, a client stopped) ends the span with what it threw. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Thrown Throwable error, @Advice.Enter ActiveSpan span) {
    if (error != null) {
      HttpClientTracing.end(span, 0, error);
    }
  }
}
