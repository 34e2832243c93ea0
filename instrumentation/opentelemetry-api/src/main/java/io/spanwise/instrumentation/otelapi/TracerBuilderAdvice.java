package io.spanwise.instrumentation.otelapi;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code TracerProvider.tracerBuilder(name)} (API 1.4+, a default method): the bridge's builder for the bridge. */
public final class TracerBuilderAdvice {
  private TracerBuilderAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object provider, @Advice.Argument(0) String name,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (provider instanceof BridgedTracerProvider && name != null) {
      Object builder = TracerBuilders.create(name);
      if (builder != null) {
        returned = builder;
      }
    }
  }
}
