package io.spanwise.bootstrap.instrumentation.jdbc;

import io.spanwise.bootstrap.api.ActiveSpan;

/**
 * What the jdbc advice calls (defined in the bootstrap loader with the rest of the advice API); delegates
 * to the {@link JdbcBridge} the jdbc module installed.
 */
public final class JdbcTracing {
  private static volatile JdbcBridge bridge = JdbcBridge.NOOP;

  private JdbcTracing() {}

  /** Called by the jdbc module when it is installed; null uninstalls. */
  public static void install(JdbcBridge implementation) {
    bridge = implementation == null ? JdbcBridge.NOOP : implementation;
  }

  /** A CLIENT span for one execution; {@code sql} null means the prepared statement's own SQL. */
  public static ActiveSpan startSpan(Object statement, String sql) {
    return bridge.start(statement, sql);
  }

  /** A CLIENT span for {@code executeBatch}/{@code executeLargeBatch} of the batch built so far. */
  public static ActiveSpan startBatchSpan(Object statement) {
    return bridge.startBatch(statement);
  }

  /** The advice epilogue: closes the span's scope and ends it, with the error when the call threw. */
  public static void end(ActiveSpan span, Throwable error) {
    if (span != null && span != ActiveSpan.NOOP) {
      span.deactivate();
      bridge.end(span, error);
    }
  }

  /**
   * Remembers the SQL of a statement returned by {@code connection.prepareStatement/prepareCall}, and the
   * connection's database.
   */
  public static void prepared(Object statement, String sql, Object connection) {
    bridge.prepared(statement, sql, connection);
  }

  /** Records one {@code addBatch}: {@code sql} for {@code Statement.addBatch(sql)}, null for a prepared one. */
  public static void batchAdded(Object statement, String sql) {
    bridge.batchAdded(statement, sql);
  }

  public static void batchCleared(Object statement) {
    bridge.batchCleared(statement);
  }

  /** A statement or connection was closed: what the agent remembered about it is dropped now. */
  public static void closed(Object statementOrConnection) {
    bridge.closed(statementOrConnection);
  }
}
