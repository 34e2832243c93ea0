package io.spanwise.bootstrap.api;

/**
 * The entry point advice calls. Static methods so that inlined advice can reach them from any class
 * loader; they delegate to the {@link TracingBridge} the agent core installed.
 */
public final class Tracing {
  private static volatile TracingBridge bridge = TracingBridge.NOOP;

  private Tracing() {}

  /** Called once by the agent core when it has built the SDK. */
  public static void install(TracingBridge implementation) {
    bridge = implementation == null ? TracingBridge.NOOP : implementation;
  }

  public static <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
    return bridge.startHttpServerSpan(getter, request);
  }

  public static void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {
    bridge.endHttpServerSpan(span, statusCode, error);
  }

  /**
   * Called by the exception handler woven around every advice method: a bug in the agent is logged,
   * never thrown into the application.
   */
  public static void adviceFailed(Throwable error) {
    try {
      bridge.adviceFailed(error);
    } catch (Throwable ignored) {
      // reporting must never fail the application either
    }
  }
}
