package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.doExec()}: the task runs in the context remembered for it, which is then forgotten. */
public final class ResumeTaskAdvice {
  private ResumeTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ContextScope enter(@Advice.This Object task) {
    return Tracing.resumeContext(task, false);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ContextScope scope) {
    if (scope != null) {
      scope.close();
    }
  }
}
