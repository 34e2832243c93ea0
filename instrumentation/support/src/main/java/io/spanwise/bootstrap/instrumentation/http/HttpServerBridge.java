package io.spanwise.bootstrap.instrumentation.http;

import io.spanwise.bootstrap.api.ActiveSpan;

/**
 * HTTP SERVER spans, as server advice sees them (implemented by {@code HttpServerTracer} in the agent;
 * installed by the modules that make server spans).
 */
public interface HttpServerBridge {
  /** Starts a SERVER span for an incoming request, a child of the context in its headers. Not current. */
  <R> ActiveSpan startSpan(HttpServerRequestGetter<R> getter, R request);

  /**
   * Ends a SERVER span: sets the status code (when positive), marks 5xx and thrown errors ERROR and
   * records the exception.
   */
  void end(ActiveSpan span, int statusCode, Throwable error);

  /**
   * Names the SERVER span of the current request by a framework's route template ({@code /owners/{id}}):
   * sets {@code http.route} and the name {@code "{method} {route}"} on the local root SERVER span of the
   * current context. The first framework route of a request wins; no-op without a current SERVER span.
   */
  void updateRoute(String route);

  HttpServerBridge NOOP = new HttpServerBridge() {
    @Override
    public <R> ActiveSpan startSpan(HttpServerRequestGetter<R> getter, R request) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void end(ActiveSpan span, int statusCode, Throwable error) {}

    @Override
    public void updateRoute(String route) {}
  };
}
