package io.spanwise.instrumentation.httpclient.okhttp;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * An {@code AsyncCall} runs on the dispatcher's thread in the context remembered when it was made: the
 * CLIENT span's parent, and the context the application's {@code Callback} runs in.
 */
public final class OkHttpAsyncCallRunAdvice {
  private OkHttpAsyncCallRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ContextScope enter(@Advice.This Object asyncCall) {
    return Tracing.resumeContext(asyncCall, false);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ContextScope scope) {
    if (scope != null) {
      scope.close();
    }
  }
}
