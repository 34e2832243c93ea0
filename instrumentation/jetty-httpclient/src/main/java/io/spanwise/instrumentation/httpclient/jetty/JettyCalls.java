package io.spanwise.instrumentation.httpclient.jetty;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpConversation;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * A Jetty client call's span (helper): started by the first send of its conversation, ended by the
 * listener it adds to the request when the call completes.
 */
public final class JettyCalls {
  /** The conversation attribute that marks a call traced already: its redirects and retries. */
  static final String TRACED = "io.spanwise.jetty-httpclient.traced";

  private JettyCalls() {}

  /** The span of the call {@code request} starts, or {@link ActiveSpan#NOOP} when it is not a new call. */
  public static ActiveSpan start(HttpRequest request) {
    HttpConversation conversation = request.getConversation();
    // a proxy tunnel's CONNECT is the client's own machinery, made on its threads for a call traced already
    if (conversation.getAttribute(TRACED) != null || "CONNECT".equals(request.getMethod())) {
      return ActiveSpan.NOOP;
    }
    ActiveSpan span = HttpClientTracing.startSpan(request.getMethod(), request.getURI());
    if (span == ActiveSpan.NOOP) {
      return span;
    }
    conversation.setAttribute(TRACED, Boolean.TRUE);
    HttpClientTracing.inject(span, request, Headers.INSTANCE);
    request.onComplete(new End(span));
    return span;
  }

  /** Ends the span when the call completes: the final response's status, or the call's failure. */
  static final class End implements Response.CompleteListener {
    private final ActiveSpan span;

    End(ActiveSpan span) {
      this.span = span;
    }

    @Override
    public void onComplete(Result result) {
      try {
        Throwable failure = result.getFailure();
        Response response = result.getResponse();
        HttpClientTracing.end(span, failure != null || response == null ? 0 : response.getStatus(), failure);
      } catch (Throwable t) {
        Tracing.adviceFailed(t); // Jetty would log a listener's exception as the application's
      }
    }
  }

  /** Sets a propagation header on the request unless the application set that header itself. */
  static final class Headers implements HeaderSetter<HttpRequest> {
    static final Headers INSTANCE = new Headers();

    @Override
    public void set(HttpRequest request, String name, String value) {
      if (!request.getHeaders().contains(name)) {
        request.headers(headers -> headers.put(name, value));
      }
    }
  }
}
