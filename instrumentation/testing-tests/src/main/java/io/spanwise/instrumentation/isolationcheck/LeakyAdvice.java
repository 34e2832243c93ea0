package io.spanwise.instrumentation.isolationcheck;

import net.bytebuddy.asm.Advice;

public final class LeakyAdvice {
  private LeakyAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) String greeting) {
    greeting = LeakyHelper.decorate(greeting);
  }
}
