package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** {@code Statement.execute*(sql, ...)}: one CLIENT span for the SQL given, unless nested in another execution. */
public final class StatementExecuteAdvice {
  private StatementExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object statement,
      @Advice.Argument(0) String sql,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (CallDepth.forKey(Statement.class).getAndIncrement() > 0) {
      return;
    }
    span = Tracing.startJdbcSpan(statement, sql);
    scope = span.makeCurrent();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Thrown Throwable error,
      @Advice.Local("spanwiseSpan") ActiveSpan span,
      @Advice.Local("spanwiseScope") ContextScope scope) {
    if (CallDepth.forKey(Statement.class).decrementAndGet() > 0) {
      return;
    }
    if (scope != null) {
      scope.close();
    }
    if (span != null) {
      Tracing.endJdbcSpan(span, error);
    }
  }
}
