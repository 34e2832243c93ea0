package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;

/**
 * {@code ForkJoinPool.execute/submit(Runnable)}: a {@code ForkJoinTask} (a {@code CompletableFuture}'s
 * async task...) is queued as it is and remembered; any other task is adapted by the pool into a task the
 * application never sees, so it is wrapped.
 */
public final class ForkJoinRunnableAdvice {
  private ForkJoinRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    if (task instanceof ForkJoinTask) {
      Tracing.rememberContext(task);
    } else {
      task = Tracing.wrap(task);
    }
  }
}
