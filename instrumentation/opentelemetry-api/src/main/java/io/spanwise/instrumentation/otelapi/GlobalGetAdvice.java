package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.asm.Advice;

/**
 * {@code GlobalOpenTelemetry.get()} and {@code getOrNoop()}: the bridge, without running the original
 * (which would register the API's no-op), unless the application registered its own.
 */
public final class GlobalGetAdvice {
  private GlobalGetAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static OpenTelemetry enter() {
    return AppGlobal.serving();
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter OpenTelemetry bridge,
      @Advice.Return(readOnly = false) OpenTelemetry returned) {
    if (bridge != null) {
      returned = bridge;
    }
  }
}
