package io.spanwise.bootstrap.api;

/**
 * A task that runs in the context that was current when it was handed to an executor the agent cannot
 * instrument where it runs tasks (an application's own {@code Executor}, a server's thread pool,
 * {@code ForkJoinPool}'s adapters). Only made when a context was current; equal to, and hashing and
 * printing like, the task it wraps, so that code comparing tasks is not surprised.
 */
public final class ContextRunnable implements Runnable {
  private final Runnable task;
  private final Object context;

  ContextRunnable(Runnable task, Object context) {
    this.task = task;
    this.context = context;
  }

  /** The application's task. */
  public Runnable unwrap() {
    return task;
  }

  @Override
  public void run() {
    // The task may run inline, inside the executor call that wrapped it: it starts a fresh level.
    CallDepth machinery = Tracing.machineryDepth();
    int saved = machinery.reset();
    ContextScope scope = Tracing.attachSafely(context);
    try {
      task.run();
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
    return task.equals(other instanceof ContextRunnable ? ((ContextRunnable) other).task : other);
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
