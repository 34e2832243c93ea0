package io.spanwise.bootstrap.api;

/**
 * The entry point advice calls. Static methods so that inlined advice can reach them from any class
 * loader; they delegate to the {@link TracingBridge} the agent core installed.
 */
public final class Tracing {
  private static volatile TracingBridge bridge = TracingBridge.NOOP;

  private Tracing() {}

  /** Called once by the agent core when it has built the SDK. */
  public static void install(TracingBridge implementation) {
    bridge = implementation == null ? TracingBridge.NOOP : implementation;
  }

  public static <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
    return bridge.startHttpServerSpan(getter, request);
  }

  public static void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {
    bridge.endHttpServerSpan(span, statusCode, error);
  }

  /** A CLIENT span for one JDBC call; {@code sql} null means the prepared statement's own SQL. */
  public static ActiveSpan startJdbcSpan(Object statement, String sql) {
    return bridge.startJdbcSpan(statement, sql);
  }

  /** A CLIENT span for {@code executeBatch}/{@code executeLargeBatch} of the batch built so far. */
  public static ActiveSpan startJdbcBatchSpan(Object statement) {
    return bridge.startJdbcBatchSpan(statement);
  }

  public static void endJdbcSpan(ActiveSpan span, Throwable error) {
    bridge.endJdbcSpan(span, error);
  }

  /** Remembers the SQL of a statement returned by {@code Connection.prepareStatement/prepareCall}. */
  public static void jdbcStatementPrepared(Object statement, String sql) {
    bridge.jdbcStatementPrepared(statement, sql);
  }

  /** Records one {@code addBatch}: {@code sql} for {@code Statement.addBatch(sql)}, null for a prepared one. */
  public static void jdbcBatchAdded(Object statement, String sql) {
    bridge.jdbcBatchAdded(statement, sql);
  }

  public static void jdbcBatchCleared(Object statement) {
    bridge.jdbcBatchCleared(statement);
  }

  /**
   * A JDBC {@code Statement} or {@code Connection} was closed: what the agent remembered about it is
   * dropped now rather than when the garbage collector clears it.
   */
  public static void jdbcClosed(Object statementOrConnection) {
    bridge.jdbcClosed(statementOrConnection);
  }

  /**
   * Called by the exception handler woven around every advice method: a bug in the agent is logged,
   * never thrown into the application.
   */
  public static void adviceFailed(Throwable error) {
    try {
      bridge.adviceFailed(error);
    } catch (Throwable ignored) {
      // reporting must never fail the application either
    }
  }
}
