package io.spanwise.bootstrap.api;

import java.util.concurrent.RunnableScheduledFuture;

/**
 * Runs a pool's task in the context remembered for it when it was submitted. The agent replaces the
 * {@code task.run()} call inside {@code ThreadPoolExecutor.runWorker} with {@link #run}, so the task
 * queued, removed, drained and passed to {@code beforeExecute}/{@code afterExecute} is the application's
 * own object: nothing is wrapped.
 */
public final class TaskRunner {
  private TaskRunner() {}

  public static void run(Runnable task) {
    ContextScope scope = resume(task);
    if (scope == null) {
      task.run();
      return;
    }
    try {
      task.run();
    } finally {
      Tracing.closeSafely(scope);
    }
  }

  private static ContextScope resume(Runnable task) {
    try {
      // A periodic task is the same object run after run: it keeps its context.
      boolean keep = task instanceof RunnableScheduledFuture && ((RunnableScheduledFuture<?>) task).isPeriodic();
      return Tracing.resumeContext(task, keep);
    } catch (Throwable error) {
      Tracing.adviceFailed(error);
      return null;
    }
  }
}
