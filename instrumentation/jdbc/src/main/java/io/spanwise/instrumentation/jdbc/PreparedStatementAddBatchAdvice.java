package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import java.sql.BatchUpdateException;
import net.bytebuddy.asm.Advice;

/** {@code PreparedStatement.addBatch()}: counts one more set of parameters (outermost call only). */
public final class PreparedStatementAddBatchAdvice {
  private PreparedStatementAddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.forKey(BatchUpdateException.class).getAndIncrement();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object statement, @Advice.Thrown Throwable error) {
    if (CallDepth.forKey(BatchUpdateException.class).decrementAndGet() > 0 || error != null) {
      return;
    }
    JdbcTracing.batchAdded(statement, null);
  }
}
