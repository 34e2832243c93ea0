package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** A {@code Runnable} the pool adapts into a task of its own (the application never sees it again): wrap it. */
public final class WrapRunnableAdvice {
  private WrapRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = Tracing.wrap(task);
  }
}
