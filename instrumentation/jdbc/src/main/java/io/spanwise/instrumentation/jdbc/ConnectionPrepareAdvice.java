package io.spanwise.instrumentation.jdbc;

import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.prepareStatement/prepareCall(sql, ...)}: remembers the SQL of the statement returned
 * and the connection's database, for the spans of its executions. Every level records (a pool's proxy
 * and the driver's statement): each may be the one whose execution is outermost.
 */
public final class ConnectionPrepareAdvice {
  private ConnectionPrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    if (statement != null) {
      JdbcTracing.prepared(statement, sql, connection);
    }
  }
}
