package io.spanwise.bootstrap.api;

/**
 * Per-thread nesting counter, so that a call that wraps or re-enters another instrumented call of the
 * same kind produces one span: only the outermost call (depth 0 on enter) creates it.
 *
 * <pre>
 *   enter: if (CallDepth.forKey(X.class).getAndIncrement() &gt; 0) return;   // nested
 *   exit:  if (CallDepth.forKey(X.class).decrementAndGet() &gt; 0) return;   // nested
 * </pre>
 */
public final class CallDepth {
  private static final ClassValue<ThreadLocal<CallDepth>> BY_KEY = new ClassValue<>() {
    @Override
    protected ThreadLocal<CallDepth> computeValue(Class<?> type) {
      return ThreadLocal.withInitial(CallDepth::new);
    }
  };

  private int depth;

  private CallDepth() {}

  /** The counter for this thread and key (the key is usually the advice or instrumented type). */
  public static CallDepth forKey(Class<?> key) {
    return BY_KEY.get(key).get();
  }

  public int getAndIncrement() {
    return depth++;
  }

  public int decrementAndGet() {
    return --depth;
  }

  /** The current depth, without changing it. */
  public int get() {
    return depth;
  }

  /**
   * Sets the depth to 0 and returns what it was, for code that starts a fresh nesting level on this
   * thread (a task run inline by the executor it was handed to); {@link #restore} puts it back.
   */
  public int reset() {
    int saved = depth;
    depth = 0;
    return saved;
  }

  public void restore(int saved) {
    depth = saved;
  }
}
