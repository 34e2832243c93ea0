package io.spanwise.bootstrap.api;

/**
 * A started span, as advice sees it: never null ({@link #NOOP} when there is nothing to record).
 * Implemented by the agent; advice holds it between enter and exit and never needs to know about the
 * OpenTelemetry SDK.
 *
 * <p>The advice idiom: the enter method returns {@code start(...).activate()}, the exit method ends it
 * with one call ({@link #end(Throwable)} or a module's own {@code end(span, ...)}), which closes the scope
 * {@link #activate} opened and ends the span.
 */
public interface ActiveSpan {
  /** Makes this span (and the context it was started in) current on this thread until the scope closes. */
  ContextScope makeCurrent();

  /**
   * Makes this span current on this thread and keeps the scope in the handle, for {@link #deactivate}
   * (or {@link #end(Throwable)}) to close on the same thread. Returns this handle.
   */
  ActiveSpan activate();

  /** Closes the scope {@link #activate} opened, if it is still open; on the thread that opened it. */
  void deactivate();

  /** Ends the span. Ending twice is ignored. */
  void end();

  /**
   * The advice epilogue: closes the scope {@link #activate} opened, records {@code error} (when not null)
   * as an {@code exception} event with status ERROR, and ends the span.
   */
  void end(Throwable error);

  /** A span that records nothing; returned while the agent is not installed, or when no span is made. */
  ActiveSpan NOOP = new ActiveSpan() {
    @Override
    public ContextScope makeCurrent() {
      return ContextScope.NOOP;
    }

    @Override
    public ActiveSpan activate() {
      return this;
    }

    @Override
    public void deactivate() {}

    @Override
    public void end() {}

    @Override
    public void end(Throwable error) {}
  };
}
