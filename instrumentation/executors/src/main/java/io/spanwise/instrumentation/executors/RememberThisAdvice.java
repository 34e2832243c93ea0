package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork()}: the task may be stolen by another worker; remember the current context for it. */
public final class RememberThisAdvice {
  private RememberThisAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object task) {
    Tracing.rememberContext(task);
  }
}
