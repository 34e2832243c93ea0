package io.spanwise.bootstrap.api;

/**
 * What the agent core provides to advice, through {@link Tracing}. The core installs one implementation
 * at startup; until then (and when the agent is disabled) the no-op one answers.
 */
public abstract class TracingBridge {
  /** Starts a SERVER span for an incoming request, a child of the context in its headers. */
  public abstract <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request);

  /**
   * Ends a SERVER span: sets the status code (when positive), marks 5xx and thrown errors ERROR and
   * records the exception.
   */
  public abstract void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error);

  /**
   * Starts a CLIENT span for one JDBC execution, a child of the current context. {@code statement} is the
   * {@code java.sql.Statement} (typed Object: the bootstrap loader cannot see {@code java.sql});
   * {@code sql} is the SQL passed to the call, or null for a {@code PreparedStatement} execution, whose
   * SQL is the one remembered by {@link #jdbcStatementPrepared}.
   */
  public abstract ActiveSpan startJdbcSpan(Object statement, String sql);

  /** Starts the CLIENT span of {@code executeBatch}/{@code executeLargeBatch}: the batch remembered so far. */
  public abstract ActiveSpan startJdbcBatchSpan(Object statement);

  /** Ends a JDBC span; a thrown error marks it ERROR (SQLState, exception event). */
  public abstract void endJdbcSpan(ActiveSpan span, Throwable error);

  /** {@code Connection.prepareStatement/prepareCall(sql)} returned {@code statement}: remember its SQL. */
  public abstract void jdbcStatementPrepared(Object statement, String sql);

  /**
   * {@code Statement.addBatch(sql)} (sql given) or {@code PreparedStatement.addBatch()} (sql null)
   * succeeded on {@code statement}.
   */
  public abstract void jdbcBatchAdded(Object statement, String sql);

  /** {@code Statement.clearBatch()}: forget the batch. */
  public abstract void jdbcBatchCleared(Object statement);

  /** A JDBC statement or connection was closed: forget what was remembered about it. */
  public void jdbcClosed(Object statementOrConnection) {}

  /** See {@link Tracing#startHttpClientSpan}. */
  public ActiveSpan startHttpClientSpan(String method, java.net.URI uri) {
    return null;
  }

  /** See {@link Tracing#httpClientHeaders}. */
  public String[] httpClientHeaders(ActiveSpan span) {
    return NO_HEADERS;
  }

  /** See {@link Tracing#httpClientRequestWithHeaders}. */
  public Object httpClientRequestWithHeaders(ActiveSpan span, Object request) {
    return request;
  }

  /** See {@link Tracing#endHttpClientSpan}. */
  public void endHttpClientSpan(ActiveSpan span, int statusCode, Throwable error) {}

  /** See {@link Tracing#endHttpClientSpanWhenDone}. */
  public void endHttpClientSpanWhenDone(ActiveSpan span, java.util.concurrent.CompletableFuture<?> future) {}

  /** See {@link Tracing#httpUrlConnectionSpan}. */
  public ActiveSpan httpUrlConnectionSpan(java.net.HttpURLConnection connection) {
    return null;
  }

  /** See {@link Tracing#startHttpUrlConnectionSpan}. */
  public ActiveSpan startHttpUrlConnectionSpan(java.net.HttpURLConnection connection) {
    return null;
  }

  /** See {@link Tracing#endHttpUrlConnectionSpan}. */
  public void endHttpUrlConnectionSpan(
      java.net.HttpURLConnection connection, ActiveSpan span, int statusCode, Throwable error) {}

  private static final String[] NO_HEADERS = new String[0];

  /** Reports an exception thrown inside advice; rate-limited. */
  public abstract void adviceFailed(Throwable error);

  /** The current context, null when none (the root context). Must not allocate. */
  public abstract Object currentContextOrNull();

  /** Makes a context returned by {@link #currentContextOrNull} current. */
  public abstract ContextScope attach(Object context);

  /**
   * Remembers the current context for a task handed to another thread (see {@link Tracing#rememberContext}).
   * Returns null when done (or nothing is current); the current context when the task already has
   * another one waiting for its run (the same object handed over twice), for the caller to wrap it.
   */
  public abstract Object rememberContext(Object task);

  /** As {@link #rememberContext}, for a thread being started. */
  public abstract void rememberContextForThread(Thread thread);

  /** Makes the context remembered for the task current; null when it has none. */
  public abstract ContextScope resumeContext(Object task, boolean keep);

  public abstract void forgetContext(Object task);

  /** The context remembered for the task, else the current one; null for none. */
  public abstract Object handOffContext(Object task);

  // ------------------------------------------------------------------ messaging: Kafka
  // Not abstract: a bridge that does not know Kafka (the no-op one) traces nothing there.

  /** See {@link Tracing#startKafkaSendSpan}. */
  public ActiveSpan startKafkaSendSpan(String topic, Integer partition, Object key, String clientId) {
    return ActiveSpan.NOOP;
  }

  /** See {@link Tracing#injectKafkaHeaders}. */
  public <C> void injectKafkaHeaders(ActiveSpan span, C headers, HeaderSetter<C> setter) {}

  /** See {@link Tracing#endKafkaSendSpan}. */
  public void endKafkaSendSpan(ActiveSpan span, int partition, long offset, Throwable error) {}

  /** See {@link Tracing#kafkaConsumerCreated}. */
  public void kafkaConsumerCreated(Object consumer, String groupId, String clientId) {}

  /** See {@link Tracing#kafkaPollStarting}. */
  public long kafkaPollStarting(Object consumer) {
    return 0L;
  }

  /** See {@link Tracing#kafkaPolled}. */
  public <R> void kafkaPolled(Object consumer, Object records, Iterable<R> recordList, int count,
      KafkaRecordGetter<R> getter, long startEpochNanos) {}

  /** See {@link Tracing#kafkaPolledBy}. */
  public Object kafkaPolledBy(Object records) {
    return null;
  }

  /** See {@link Tracing#startKafkaProcessSpan}. */
  public <R> ContextScope startKafkaProcessSpan(Object polledBy, R record, KafkaRecordGetter<R> getter) {
    return ContextScope.NOOP;
  }

  static final TracingBridge NOOP = new TracingBridge() {
    @Override
    public <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {}

    @Override
    public ActiveSpan startJdbcSpan(Object statement, String sql) {
      return ActiveSpan.NOOP;
    }

    @Override
    public ActiveSpan startJdbcBatchSpan(Object statement) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void endJdbcSpan(ActiveSpan span, Throwable error) {}

    @Override
    public void jdbcStatementPrepared(Object statement, String sql) {}

    @Override
    public void jdbcBatchAdded(Object statement, String sql) {}

    @Override
    public void jdbcBatchCleared(Object statement) {}

    @Override
    public void adviceFailed(Throwable error) {}

    @Override
    public Object currentContextOrNull() {
      return null;
    }

    @Override
    public ContextScope attach(Object context) {
      return ContextScope.NOOP;
    }

    @Override
    public Object rememberContext(Object task) {
      return null;
    }

    @Override
    public void rememberContextForThread(Thread thread) {}

    @Override
    public ContextScope resumeContext(Object task, boolean keep) {
      return null;
    }

    @Override
    public void forgetContext(Object task) {}

    @Override
    public Object handOffContext(Object task) {
      return null;
    }
  };
}
