package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** A pool rejects or removes a task: it will not run there, forget its context. */
public final class ForgetTaskAdvice {
  private ForgetTaskAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object task) {
    Tracing.forgetContext(task);
  }
}
