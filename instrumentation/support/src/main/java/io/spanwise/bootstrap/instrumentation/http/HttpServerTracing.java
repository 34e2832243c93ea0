package io.spanwise.bootstrap.instrumentation.http;

import io.spanwise.bootstrap.api.ActiveSpan;

/**
 * What server advice (servlet, and any other server module) calls for a SERVER span. Defined in the
 * bootstrap loader with the rest of the advice API; delegates to the bridge the agent installed.
 */
public final class HttpServerTracing {
  private static volatile HttpServerBridge bridge = HttpServerBridge.NOOP;

  private HttpServerTracing() {}

  /** Called by the agent when a module that makes server spans is installed; null uninstalls. */
  public static void install(HttpServerBridge implementation) {
    bridge = implementation == null ? HttpServerBridge.NOOP : implementation;
  }

  /** A SERVER span for {@code request}, a child of the context in its headers; never null, not current. */
  public static <R> ActiveSpan startSpan(HttpServerRequestGetter<R> getter, R request) {
    return bridge.startSpan(getter, request);
  }

  /** Ends the span with the response's status code (when positive) or the thrown error. */
  public static void end(ActiveSpan span, int statusCode, Throwable error) {
    if (span != null && span != ActiveSpan.NOOP) {
      bridge.end(span, statusCode, error);
    }
  }

  /**
   * The route template a framework matched for the current request (e.g. {@code /owners/{ownerId}}),
   * relative to the server's root: becomes the current SERVER span's {@code http.route} and name. The
   * first call for a request wins, so an error or forward dispatch that follows keeps the request's route.
   */
  public static void updateRoute(String route) {
    if (route != null && !route.isEmpty()) {
      bridge.updateRoute(route);
    }
  }
}
