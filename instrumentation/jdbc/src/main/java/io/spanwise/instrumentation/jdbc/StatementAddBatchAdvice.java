package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import java.sql.BatchUpdateException;
import net.bytebuddy.asm.Advice;

/**
 * {@code Statement.addBatch(sql)}: remembers the SQL for the batch span. Only the outermost call records
 * (a pool's proxy, not the driver statement it delegates to), so nothing accumulates on an object whose
 * {@code executeBatch} is never the outermost call. The depth key {@code BatchUpdateException} is just a
 * JDK class every driver can name, standing for "building a batch".
 */
public final class StatementAddBatchAdvice {
  private StatementAddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    CallDepth.forKey(BatchUpdateException.class).getAndIncrement();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Thrown Throwable error) {
    if (CallDepth.forKey(BatchUpdateException.class).decrementAndGet() > 0 || error != null) {
      return;
    }
    JdbcTracing.batchAdded(statement, sql);
  }
}
