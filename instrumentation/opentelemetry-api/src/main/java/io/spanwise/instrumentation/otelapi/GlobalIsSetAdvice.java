package io.spanwise.instrumentation.otelapi;

import net.bytebuddy.asm.Advice;

/** {@code GlobalOpenTelemetry.isSet()} (API 1.5x): true while the bridge serves. */
public final class GlobalIsSetAdvice {
  private GlobalIsSetAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) boolean set) {
    if (AppGlobal.serving() != null) {
      set = true;
    }
  }
}
