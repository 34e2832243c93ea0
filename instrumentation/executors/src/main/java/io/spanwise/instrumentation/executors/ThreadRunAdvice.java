package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * {@code Thread.run()} as the thread's own body, and {@code Thread.runWith} (JDK 21+, through which both
 * platform and virtual threads run their task): the context remembered at {@code start()} is current
 * until the task returns. Whichever comes first takes it; a direct call of {@code run()} from another
 * thread does nothing.
 */
public final class ThreadRunAdvice {
  private ThreadRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ContextScope enter(@Advice.This Thread thread) {
    return thread == Thread.currentThread() ? Tracing.resumeContext(thread, false) : null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ContextScope scope) {
    if (scope != null) {
      scope.close();
    }
  }
}
