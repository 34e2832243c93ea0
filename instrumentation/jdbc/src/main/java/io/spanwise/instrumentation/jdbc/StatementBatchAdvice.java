package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** {@code executeBatch/executeLargeBatch()}: one CLIENT span for the batch built by {@code addBatch}. */
public final class StatementBatchAdvice {
  private StatementBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.This Object statement) {
    if (CallDepth.forKey(Statement.class).getAndIncrement() > 0) {
      return ActiveSpan.NOOP;
    }
    return JdbcTracing.startBatchSpan(statement).activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Thrown Throwable error, @Advice.Enter ActiveSpan span) {
    if (CallDepth.forKey(Statement.class).decrementAndGet() > 0) {
      return;
    }
    JdbcTracing.end(span, error);
  }
}
