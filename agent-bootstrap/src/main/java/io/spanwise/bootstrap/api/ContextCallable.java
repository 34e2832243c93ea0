package io.spanwise.bootstrap.api;

import java.util.concurrent.Callable;

/** The {@link Callable} counterpart of {@link ContextRunnable}. */
public final class ContextCallable<T> implements Callable<T> {
  private final Callable<T> task;
  private final Object context;

  ContextCallable(Callable<T> task, Object context) {
    this.task = task;
    this.context = context;
  }

  /** The application's task. */
  public Callable<T> unwrap() {
    return task;
  }

  @Override
  public T call() throws Exception {
    CallDepth machinery = Tracing.machineryDepth();
    int saved = machinery.reset();
    ContextScope scope = Tracing.attachSafely(context);
    try {
      return task.call();
    } finally {
      Tracing.closeSafely(scope);
      machinery.restore(saved);
    }
  }

  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    return task.equals(other instanceof ContextCallable ? ((ContextCallable<?>) other).task : other);
  }

  @Override
  public int hashCode() {
    return task.hashCode();
  }

  @Override
  public String toString() {
    return task.toString();
  }
}
