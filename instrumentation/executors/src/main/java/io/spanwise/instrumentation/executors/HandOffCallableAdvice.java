package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** The {@code Callable} counterpart of {@link HandOffRunnableAdvice}. */
public final class HandOffCallableAdvice {
  private HandOffCallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    Callable<?> wrapped = Tracing.wrap(task);
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
