package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.asm.Advice;

/**
 * {@code GlobalOpenTelemetry.set(OpenTelemetry)} (also what {@code buildAndRegisterGlobal()} and
 * {@code set(Supplier)} call): kept for the application by default, skipped when the agent ignores
 * application registrations; one line on the agent's log either way.
 */
public final class GlobalSetAdvice {
  private GlobalSetAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter(@Advice.Argument(0) OpenTelemetry openTelemetry) {
    return AppGlobal.ignoreRegistration(openTelemetry);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean ignored, @Advice.Argument(0) OpenTelemetry openTelemetry) {
    if (!ignored) {
      AppGlobal.registered(openTelemetry);
    }
  }
}
