package io.spanwise.bootstrap.api;

/**
 * A started span, as advice sees it. Implemented by the agent core; advice holds it in a local between
 * enter and exit and never needs to know about the OpenTelemetry SDK.
 */
public interface ActiveSpan {
  /** Makes this span (and the context it was started in) current on this thread until the scope closes. */
  ContextScope makeCurrent();

  /** Whether the span is sampled and records attributes; false for a span that only propagates. */
  boolean isRecording();

  void setAttribute(String key, String value);

  void setAttribute(String key, long value);

  /** Records the throwable as an {@code exception} event and marks the span ERROR with its type. */
  void recordException(Throwable error);

  /** Ends the span. Ending twice is ignored. */
  void end();

  /** A span that records nothing; returned while the agent is not installed. */
  ActiveSpan NOOP = new ActiveSpan() {
    @Override
    public ContextScope makeCurrent() {
      return ContextScope.NOOP;
    }

    @Override
    public boolean isRecording() {
      return false;
    }

    @Override
    public void setAttribute(String key, String value) {}

    @Override
    public void setAttribute(String key, long value) {}

    @Override
    public void recordException(Throwable error) {}

    @Override
    public void end() {}
  };
}
