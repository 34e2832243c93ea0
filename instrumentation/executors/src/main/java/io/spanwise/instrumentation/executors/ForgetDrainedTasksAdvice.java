package io.spanwise.instrumentation.executors;

import io.spanwise.bootstrap.api.Tracing;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** {@code shutdownNow()}: the tasks it returns (the application's own objects) will not run; forget them. */
public final class ForgetDrainedTasksAdvice {
  private ForgetDrainedTasksAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return List<Runnable> drained) {
    if (drained != null) {
      for (Object task : drained) {
        Tracing.forgetContext(task);
      }
    }
  }
}
