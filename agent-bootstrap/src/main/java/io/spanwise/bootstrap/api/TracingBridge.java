package io.spanwise.bootstrap.api;

/**
 * What the agent core provides to advice, through {@link Tracing}. The core installs one implementation
 * at startup; until then (and when the agent is disabled) the no-op one answers.
 */
public abstract class TracingBridge {
  /** Starts a SERVER span for an incoming request, a child of the context in its headers. */
  public abstract <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request);

  /**
   * Ends a SERVER span: sets the status code (when positive), marks 5xx and thrown errors ERROR and
   * records the exception.
   */
  public abstract void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error);

  /** Reports an exception thrown inside advice; rate-limited. */
  public abstract void adviceFailed(Throwable error);

  static final TracingBridge NOOP = new TracingBridge() {
    @Override
    public <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {}

    @Override
    public void adviceFailed(Throwable error) {}
  };
}
