package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * A {@code Runnable} enters an executor the agent does not know the inside of (an application's own, a
 * server's pool): it is wrapped to run in the hand-off context. The outermost executor call wraps;
 * inside it (a decorator passing the task on, a pool starting a worker) nothing more is remembered.
 */
public final class HandOffRunnableAdvice {
  private HandOffRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    Runnable wrapped = Tracing.wrap(task);
    if (wrapped == task) {
      return false;
    }
    task = wrapped;
    return Tracing.enterExecutorMachinery();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Tracing.exitExecutorMachinery(entered);
  }
}
