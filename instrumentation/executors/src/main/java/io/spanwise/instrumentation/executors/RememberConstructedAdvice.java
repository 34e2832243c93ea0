package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import net.bytebuddy.asm.Advice;

/**
 * A {@code CompletableFuture} dependent stage is registered ({@code thenApply}, {@code whenComplete},
 * ...): remember the registering code's context for it, whichever thread fires it later.
 */
public final class RememberConstructedAdvice {
  private RememberConstructedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object completion) {
    Tracing.rememberContext(completion);
  }
}
