package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.ContextStorage;
import net.bytebuddy.asm.Advice;

/**
 * {@code LazyStorage.get()}, which {@code ContextStorage.get()} returns: the storage backed by the agent's context (so {@code Context.current()},
 * {@code makeCurrent()}, {@code Span.current()} and {@code Baggage.current()} are the agent's), without
 * running the original (the API's thread-local storage is never made).
 */
public final class ContextStorageAdvice {
  private ContextStorageAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static ContextStorage enter() {
    return BridgedContextStorage.INSTANCE;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter ContextStorage bridged,
      @Advice.Return(readOnly = false) ContextStorage returned) {
    if (bridged != null) {
      returned = bridged;
    }
  }
}
