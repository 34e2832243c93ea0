package io.spanwise.instrumentation.httpclient.okhttp;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * An {@code AsyncCall} is made by {@code enqueue} on the caller's thread: the caller's context is
 * remembered for it. The dispatcher may start it later from another call's thread (calls over its
 * per-host limit wait), so what is current when it is handed to the executor is not always the caller's.
 */
public final class OkHttpAsyncCallCreatedAdvice {
  private OkHttpAsyncCallCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object asyncCall) {
    Tracing.rememberContext(asyncCall);
  }
}
