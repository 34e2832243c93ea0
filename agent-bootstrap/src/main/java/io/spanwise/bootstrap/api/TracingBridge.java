package io.spanwise.bootstrap.api;

/**
 * What the agent core provides to advice through {@link Tracing}: library-neutral capability only
 * (context, spans of a kind and name, propagation through getters and setters, failure reporting). The
 * core installs one implementation at startup; until then (and when the agent is disabled) this no-op one
 * answers. What a library means (its span names and attributes) is in its instrumentation module, behind
 * that module's own bridge.
 */
public class TracingBridge {
  public static final TracingBridge NOOP = new TracingBridge();

  /** A parent for {@link #startSpan} meaning the root context: the span starts a new trace. */
  public static final Object ROOT = new Object();

  protected TracingBridge() {}

  /**
   * Starts a span of {@code kind} named {@code name}, a child of {@code parentContext} (a context from
   * {@link #currentContextOrNull} or {@link #extract}; null: the current context; {@link #ROOT}: none). Not made current.
   */
  public ActiveSpan startSpan(SpanKind kind, String name, Object parentContext) {
    return ActiveSpan.NOOP;
  }

  /** Writes the context of {@code span} (the current context for {@link ActiveSpan#NOOP}) into the carrier. */
  public <C> void inject(ActiveSpan span, C carrier, HeaderSetter<C> setter) {}

  /** The context propagated in the carrier (W3C rules for repeated lines); null when there is none. */
  public <C> Object extract(C carrier, HeaderGetter<C> getter) {
    return null;
  }

  /** The current span's trace id (32 hex digits), or null when no valid span is current. */
  public String currentTraceId() {
    return null;
  }

  /** The current span's id (16 hex digits), or null when no valid span is current. */
  public String currentSpanId() {
    return null;
  }

  /** The current span's trace flags (2 hex digits), or null when no valid span is current. */
  public String currentTraceFlags() {
    return null;
  }

  public void adviceFailed(Throwable error) {}

  // ------------------------------------------------------------------ context across threads

  public Object currentContextOrNull() {
    return null;
  }

  public ContextScope attach(Object context) {
    return ContextScope.NOOP;
  }

  /** Null when remembered (or nothing to remember); the pending context when the task already has one. */
  public Object rememberContext(Object task) {
    return null;
  }

  public void rememberContextForThread(Thread thread) {}

  public ContextScope resumeContext(Object task, boolean keep) {
    return null;
  }

  public void forgetContext(Object task) {}

  public Object handOffContext(Object task) {
    return null;
  }
}
