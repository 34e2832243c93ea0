package io.spanwise.bootstrap.instrumentation.httpclient;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderSetter;
import java.lang.invoke.MethodHandles;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * What the http-client advice calls (defined in the bootstrap loader with the rest of the advice API);
 * delegates to the {@link HttpClientBridge} the http-client modules installed.
 */
public final class HttpClientTracing {
  private static volatile HttpClientBridge bridge = HttpClientBridge.NOOP;

  private HttpClientTracing() {}

  /** Called by the http-client modules when installed; null uninstalls. */
  public static void install(HttpClientBridge implementation) {
    bridge = implementation == null ? HttpClientBridge.NOOP : implementation;
  }

  /**
   * Starts a CLIENT span for an outgoing request, a child of the current context; {@link ActiveSpan#NOOP}
   * when no span is to be made: another HTTP client call is already in progress in this context (a client
   * layered on another gives one span) or the call is the agent's own export. A span that is not sampled
   * is still returned: its context must be propagated.
   *
   * @param uri the request URI, absolute; credentials and sensitive query values are redacted by the agent
   */
  public static ActiveSpan startSpan(String method, URI uri) {
    return bridge.startSpan(method, uri);
  }

  /**
   * Sets the propagation headers naming {@code span} as parent ({@code traceparent}, {@code tracestate},
   * {@code baggage}, per the configured propagators) on the request through the setter; the setter leaves
   * a header the application set itself as the application wrote it.
   */
  public static <C> void inject(ActiveSpan span, C request, HeaderSetter<C> setter) {
    if (span != ActiveSpan.NOOP && request != null) {
      bridge.inject(span, request, setter);
    }
  }

  /**
   * For the JDK {@code HttpClient}, whose {@code java.net.http.HttpRequest} is immutable: the request to
   * send for {@code span} (typed Object: the bootstrap loader cannot see {@code java.net.http}). When
   * {@code client} neither follows redirects nor answers authentication challenges, the request itself:
   * the client's own request object gets the propagation headers when it is made
   * ({@link #requestCreated}). Otherwise a request equal to {@code request} with the propagation headers
   * added, which the client copies into every request it sends for the call.
   */
  public static Object withHeaders(ActiveSpan span, Object request, Object client) {
    return span == ActiveSpan.NOOP ? request : bridge.withHeaders(span, request, client);
  }

  /** Whether {@link #requestLookup} is still awaited: a guard, so the advice makes no lookup once it is known. */
  public static boolean needsRequestLookup() {
    return bridge.needsRequestLookup();
  }

  /**
   * The lookup of the JDK client's own request class ({@code jdk.internal.net.http.HttpRequestImpl}),
   * made by advice running inside it: how the agent reaches its {@code setSystemHeader} without opening
   * the JDK's internal package to anyone.
   */
  public static void requestLookup(MethodHandles.Lookup lookup) {
    bridge.requestLookup(lookup);
  }

  /**
   * The JDK client made its own request object for a call, on the calling thread: when the current
   * context is an HTTP CLIENT span's, its propagation headers are set as the client's own headers (as it
   * sets {@code User-Agent}), except those the application set itself.
   */
  public static void requestCreated(Object request) {
    bridge.requestCreated(request);
  }

  /**
   * The advice epilogue: closes the span's scope and ends it, with the status code when positive (4xx and
   * 5xx are errors), else the error (recorded as an exception event, type in {@code error.type}).
   */
  public static void end(ActiveSpan span, int statusCode, Throwable error) {
    if (span != null && span != ActiveSpan.NOOP) {
      span.deactivate();
      bridge.end(span, statusCode, error);
    }
  }

  /**
   * Closes the span's scope; ends the span when {@code future} (of a JDK {@code HttpClient.sendAsync},
   * holding an {@code HttpResponse}) completes, with its status or failure. The future is not replaced.
   */
  public static void endWhenDone(ActiveSpan span, CompletableFuture<?> future) {
    if (span != null && span != ActiveSpan.NOOP) {
      span.deactivate();
      bridge.endWhenDone(span, future);
    }
  }

  /**
   * The span of an {@code HttpURLConnection}: the one an earlier call on it ({@code connect},
   * {@code getOutputStream}) started; else, when it is not {@code connected} yet, a new one whose
   * propagation headers are set on the connection and which is remembered (weakly) for its later calls;
   * {@link ActiveSpan#NOOP} once it has ended or when it is too late for headers.
   */
  public static ActiveSpan urlConnectionSpan(HttpURLConnection connection, boolean connected) {
    return bridge.urlConnectionSpan(connection, connected);
  }
}
