package io.spanwise.bootstrap.instrumentation.jdbc;

import io.spanwise.bootstrap.api.ActiveSpan;

/**
 * JDBC CLIENT spans as the jdbc advice sees them; implemented by the module's {@code DbTracer} in the
 * agent. Statements and connections are typed Object: the bootstrap loader cannot see {@code java.sql}.
 */
public interface JdbcBridge {
  /**
   * Starts a CLIENT span for one execution, a child of the current context: {@code sql} as passed to the
   * call, or null for a prepared statement's own SQL (remembered by {@link #prepared}). Not current.
   */
  ActiveSpan start(Object statement, String sql);

  /** Starts the CLIENT span of {@code executeBatch}/{@code executeLargeBatch}: the batch built so far. */
  ActiveSpan startBatch(Object statement);

  /** Ends a span; a thrown error marks it ERROR (SQLState, exception event). */
  void end(ActiveSpan span, Throwable error);

  /**
   * {@code connection.prepareStatement/prepareCall(sql)} returned {@code statement}: remember its SQL and
   * its connection's database.
   */
  void prepared(Object statement, String sql, Object connection);

  /** {@code addBatch(sql)} (sql given) or {@code PreparedStatement.addBatch()} (sql null) succeeded. */
  void batchAdded(Object statement, String sql);

  /** {@code clearBatch()}: forget the batch. */
  void batchCleared(Object statement);

  /** A statement or connection was closed: forget what was remembered about it now. */
  void closed(Object statementOrConnection);

  JdbcBridge NOOP = new JdbcBridge() {
    @Override
    public ActiveSpan start(Object statement, String sql) {
      return ActiveSpan.NOOP;
    }

    @Override
    public ActiveSpan startBatch(Object statement) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void end(ActiveSpan span, Throwable error) {}

    @Override
    public void prepared(Object statement, String sql, Object connection) {}

    @Override
    public void batchAdded(Object statement, String sql) {}

    @Override
    public void batchCleared(Object statement) {}

    @Override
    public void closed(Object statementOrConnection) {}
  };
}
