package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import java.sql.BatchUpdateException;
import net.bytebuddy.asm.Advice;

/** {@code Statement.clearBatch()}: forgets the batch built so far (outermost call only). */
public final class ClearBatchAdvice {
  private ClearBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.forKey(BatchUpdateException.class).getAndIncrement();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object statement) {
    if (CallDepth.forKey(BatchUpdateException.class).decrementAndGet() > 0) {
      return;
    }
    JdbcTracing.batchCleared(statement);
  }
}
