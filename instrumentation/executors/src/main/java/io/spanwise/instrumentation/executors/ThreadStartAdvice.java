package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** {@code Thread.start()} (platform or virtual): the new thread runs in the current context. */
public final class ThreadStartAdvice {
  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Thread thread) {
    Tracing.rememberContextForThread(thread);
  }
}
