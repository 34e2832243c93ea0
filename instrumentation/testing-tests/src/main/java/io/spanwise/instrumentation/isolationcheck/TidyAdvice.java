package io.spanwise.instrumentation.isolationcheck;

import net.bytebuddy.asm.Advice;

public final class TidyAdvice {
  private TidyAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) String greeting) {
    greeting = TidyHelper.decorate(greeting);
  }
}
