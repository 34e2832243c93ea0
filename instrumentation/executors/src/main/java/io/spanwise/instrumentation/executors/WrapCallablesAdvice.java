package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code invokeAll/invokeAny}: each {@code Callable} wrapped, in a new collection of the same order. */
public final class WrapCallablesAdvice {
  private WrapCallablesAdvice() {}

  @SuppressWarnings("unchecked")
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
    tasks = Tracing.wrapAll(tasks);
  }
}
