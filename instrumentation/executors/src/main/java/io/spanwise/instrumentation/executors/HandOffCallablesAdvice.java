package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code invokeAll/invokeAny} of an executor the agent does not know the inside of: each task wrapped. */
public final class HandOffCallablesAdvice {
  private HandOffCallablesAdvice() {}

  @SuppressWarnings("unchecked")
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
    Collection<?> wrapped = Tracing.wrapAll(tasks);
    if (wrapped == tasks) {
      return false;
    }
    tasks = wrapped;
    return Tracing.enterExecutorMachinery();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean entered) {
    Tracing.exitExecutorMachinery(entered);
  }
}
