package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** A {@code Callable} the pool adapts into a task of its own (the application never sees it again): wrap it. */
public final class WrapCallableAdvice {
  private WrapCallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    task = Tracing.wrap(task);
  }
}
