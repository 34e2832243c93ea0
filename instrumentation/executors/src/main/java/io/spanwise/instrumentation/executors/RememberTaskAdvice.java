package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** A task (argument 0) enters a JDK pool that runs it itself: remember the current context for it. */
public final class RememberTaskAdvice {
  private RememberTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object task) {
    Tracing.rememberContext(task);
  }
}
