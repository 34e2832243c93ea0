package io.spanwise.bootstrap.api;

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
      // A periodic scheduled task keeps its context for the next run (decided by the core, only for a
      // task that has one: an instanceof test failing on every task costs more than the lookup).
      return Tracing.resumeContext(task, false);
    } catch (Throwable error) {
      Tracing.adviceFailed(error);
      return null;
    }
  }
}
