package io.spanwise.instrumentation.isolationcheck;

import io.spanwise.isolationcheckshared.StrayHelper;
import net.bytebuddy.asm.Advice;

public final class StrayAdvice {
  private StrayAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) String greeting) {
    greeting = StrayHelper.decorate(greeting);
  }
}
