package io.spanwise.instrumentation.otelapi;

import net.bytebuddy.asm.Advice;

/** {@code GlobalOpenTelemetry.resetForTest()}: the application's registration is forgotten, the bridge serves. */
public final class GlobalResetAdvice {
  private GlobalResetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit() {
    AppGlobal.reset();
  }
}
