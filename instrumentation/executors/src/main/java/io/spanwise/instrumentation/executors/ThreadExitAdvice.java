package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** {@code Thread.exit()}: a thread whose subclass never reached {@code Thread.run()} forgets its context. */
public final class ThreadExitAdvice {
  private ThreadExitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Thread thread) {
    Tracing.forgetContext(thread);
  }
}
