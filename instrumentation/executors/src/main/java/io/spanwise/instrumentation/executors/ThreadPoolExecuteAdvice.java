package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.execute(task)} (also behind {@code submit}, {@code invokeAll},
 * {@code invokeAny}): the context is remembered for the task itself, which stays the application's
 * object. Only when that same object is already queued with a context (a lambda without captures is one
 * object for all its uses) is this hand-off wrapped, so that each run keeps the context it was given.
 */
public final class ThreadPoolExecuteAdvice {
  private ThreadPoolExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Tracing.rememberOrWrap(task);
  }
}
