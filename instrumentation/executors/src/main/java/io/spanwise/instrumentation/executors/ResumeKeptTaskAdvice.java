package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * A {@code CompletableFuture} stage fires ({@code tryFire}): its function runs in the context it was
 * registered in. Kept, not forgotten: a stage waiting for two sources is tried more than once.
 */
public final class ResumeKeptTaskAdvice {
  private ResumeKeptTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ContextScope enter(@Advice.This Object completion) {
    return Tracing.resumeContext(completion, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ContextScope scope) {
    if (scope != null) {
      scope.close();
    }
  }
}
