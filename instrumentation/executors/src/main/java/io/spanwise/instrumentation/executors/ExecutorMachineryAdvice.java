package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * Code an executor runs for itself (a pool adding a worker thread, a virtual thread handing its
 * continuation to its scheduler): threads started and work submitted inside it take no context.
 */
public final class ExecutorMachineryAdvice {
  private ExecutorMachineryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter() {
    return Tracing.enterExecutorMachinery();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Tracing.exitExecutorMachinery(entered);
  }
}
