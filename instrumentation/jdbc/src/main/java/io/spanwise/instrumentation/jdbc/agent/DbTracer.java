package io.spanwise.instrumentation.jdbc.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.jdbc.JdbcBridge;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.instrumentation.support.ServerAttributes;
import java.sql.SQLException;
import java.util.List;

/**
 * Database CLIENT spans per the OpenTelemetry semantic conventions (stable database names), for JDBC.
 *
 * <p>Name: {@code "{db.operation.name} {db.collection.name}"}, else {@code db.operation.name}, else
 * {@code db.namespace}, else {@code db.system.name}. Attributes: {@code db.system.name},
 * {@code db.namespace}, {@code server.address}, {@code server.port} (from the connection URL, read once
 * per connection), {@code db.query.text} (literals replaced by {@code ?} unless sanitizing is off),
 * {@code db.operation.name}, {@code db.collection.name}, {@code db.operation.batch.size} (batches of two
 * or more), and on failure {@code error.type}, {@code db.response.status_code} (the SQLState) and an
 * {@code exception} event.
 *
 * <p>The span starts named after the system; only when it is recorded are the connection attributes
 * set, the SQL analysed, the name refined and the query attributes added, so an unsampled statement
 * costs no attribute map and no SQL parsing; a statement executed in a trace the sampler dropped gets no
 * span at all.
 */
public final class DbTracer implements JdbcBridge {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> RESPONSE_STATUS = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;
  static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;

  private static final String BATCH = "BATCH";

  private final Tracer tracer;
  private final boolean sanitize;
  private final JdbcConnectionInfoCache connections = new JdbcConnectionInfoCache();
  private final JdbcStatementState statements = new JdbcStatementState();

  public DbTracer(Tracer tracer, boolean sanitize) {
    this.tracer = tracer;
    this.sanitize = sanitize;
  }

  /**
   * Whether {@code db.query.text} is sanitized: {@code otel.instrumentation.jdbc.query-sanitization.enabled},
   * else {@code otel.instrumentation.common.db.query-sanitization.enabled}, else true. The OpenTelemetry
   * Java agent's older names ({@code ...jdbc.statement-sanitizer.enabled},
   * {@code ...common.db-statement-sanitizer.enabled}) are read too, after the new ones.
   */
  public static boolean querySanitization(InstrumentationConfig config) {
    boolean common = config.getBoolean("otel.instrumentation.common.db.query-sanitization.enabled",
        config.getBoolean("otel.instrumentation.common.db-statement-sanitizer.enabled", true));
    return config.getBoolean("otel.instrumentation.jdbc.query-sanitization.enabled",
        config.getBoolean("otel.instrumentation.jdbc.statement-sanitizer.enabled", common));
  }

  // ---------------------------------------------------------------- what advice remembers

  @Override
  public void prepared(Object statement, String sql, Object connection) {
    if (statement != null && sql != null) {
      // In a trace the sampler dropped the connection is not looked at: the statement's executions there
      // make no span, and one executed later in a trace that is kept asks for it then (databaseOf).
      DbConnectionInfo db = inDroppedTrace(Context.current()) ? null : connections.ofConnection(connection);
      statements.prepared(statement, sql, db);
    }
  }

  @Override
  public void batchAdded(Object statement, String sql) {
    statements.batchAdded(statement, sql);
  }

  @Override
  public void batchCleared(Object statement) {
    statements.batchCleared(statement);
  }

  /**
   * A statement or connection was closed: it will not be executed again. Both forget it, rather than a
   * check of which it is: each finds only its own values, and a type check against {@code Statement}
   * is what {@link JdbcStatementState} avoids.
   */
  @Override
  public void closed(Object statementOrConnection) {
    statements.forget(statementOrConnection);
    connections.forget(statementOrConnection);
  }

  // ---------------------------------------------------------------- spans

  /**
   * One execution: {@code sql} as given, or (null) the SQL the statement was prepared with. An empty SQL
   * text gives no span: drivers send one to check a connection (PostgreSQL's {@code isValid}, which pools
   * call on borrow), and it is not a statement of the application.
   */
  @Override
  public ActiveSpan start(Object statement, String sql) {
    Context parent = Context.current();
    if (inDroppedTrace(parent)) {
      return ActiveSpan.NOOP;
    }
    JdbcStatementState.Prepared prepared = statements.prepared(statement);
    String text = sql != null ? sql : prepared != null ? prepared.sql : null;
    if (text != null && text.isBlank()) {
      return ActiveSpan.NOOP;
    }
    DbConnectionInfo db = databaseOf(statement, prepared);
    AgentSpan span = startSpan(db, parent);
    if (span.isRecording() && text != null) {
      SqlDialect dialect = SqlDialect.forSystem(db.system());
      // a prepared statement's text is analysed once per text; a plain statement's each time (its
      // literals make most texts unique)
      SqlStatementInfo info = sql == null ? SqlStatementCache.analyze(text, sanitize, dialect)
          : SqlSanitizer.analyze(sql, sanitize, dialect);
      describe(span.span(), info);
    }
    return span;
  }

  /**
   * The statement's database: kept with its SQL when it was prepared; asked of the driver when it was not
   * seen being prepared, or was prepared in a trace the sampler dropped (then kept with its SQL from now on).
   */
  private DbConnectionInfo databaseOf(Object statement, JdbcStatementState.Prepared prepared) {
    if (prepared == null) {
      return connections.ofStatement(statement);
    }
    if (prepared.db == null) {
      DbConnectionInfo db = connections.ofStatement(statement);
      statements.prepared(statement, prepared.sql, db);
      return db;
    }
    return prepared.db;
  }

  /** {@code executeBatch}: the statements added since the last execution or clear. */
  @Override
  public ActiveSpan startBatch(Object statement) {
    JdbcStatementState.Batch batch = statements.takeBatch(statement); // either way: the next batch starts empty
    Context parent = Context.current();
    if (inDroppedTrace(parent)) {
      return ActiveSpan.NOOP;
    }
    JdbcStatementState.Prepared known = statements.prepared(statement);
    DbConnectionInfo db = databaseOf(statement, known);
    AgentSpan span = startSpan(db, parent);
    if (!span.isRecording()) {
      return span;
    }
    SqlDialect dialect = SqlDialect.forSystem(db.system());
    String prepared = known != null ? known.sql : null;
    int size = batch == null ? 0 : batch.size();
    if (prepared != null) {
      // one SQL text, executed with `size` parameter sets
      SqlStatementInfo info = SqlStatementCache.analyze(prepared, sanitize, dialect);
      if (size >= 2) {
        span.span().setAttribute(BATCH_SIZE, (long) size);
        describe(span.span(), batchOperation(info.operationName()), info.collectionName(), info.queryText());
      } else {
        describe(span.span(), info);
      }
      return span;
    }
    if (batch == null || size == 0) {
      return span;
    }
    List<String> texts = batch.statements();
    if (size == 1) {
      String only = batch.commonSql();
      if (only != null) {
        SqlStatementInfo info = SqlSanitizer.analyze(only, sanitize, dialect);
        describe(span.span(), info.operationName(), info.collectionName(), info.queryText());
      }
      return span;
    }
    span.span().setAttribute(BATCH_SIZE, (long) size);
    String common = batch.commonSql();
    if (common != null) {
      SqlStatementInfo info = SqlSanitizer.analyze(common, sanitize, dialect);
      describe(span.span(), batchOperation(info.operationName()), info.collectionName(), info.queryText());
    } else if (texts != null) {
      describeMixedBatch(span.span(), texts, dialect);
    } else {
      describe(span.span(), BATCH, null, null);
    }
    return span;
  }

  /**
   * Different SQL texts in one batch: the query text only when they all sanitize to the same text;
   * {@code BATCH <op>} when they share the operation, else {@code BATCH}; the collection when shared.
   */
  private void describeMixedBatch(Span span, List<String> texts, SqlDialect dialect) {
    String text = null;
    String operation = null;
    String collection = null;
    boolean sameText = true;
    boolean sameOperation = true;
    boolean sameCollection = true;
    String previous = null;
    for (int i = 0; i < texts.size(); i++) {
      String sql = texts.get(i);
      if (sql.equals(previous)) {
        continue;
      }
      previous = sql;
      SqlStatementInfo info = SqlSanitizer.analyze(sql, sanitize, dialect);
      if (i == 0) {
        text = info.queryText();
        operation = info.operationName();
        collection = info.collectionName();
        continue;
      }
      sameText &= text != null && text.equals(info.queryText());
      sameOperation &= operation != null && operation.equals(info.operationName());
      sameCollection &= collection != null && collection.equals(info.collectionName());
      if (!sameText && !sameOperation && !sameCollection) {
        break;
      }
    }
    describe(span,
        sameOperation && operation != null ? batchOperation(operation) : BATCH,
        sameCollection ? collection : null,
        sameText ? text : null);
  }

  private static String batchOperation(String operation) {
    return operation == null ? BATCH : BATCH + " " + operation;
  }

  /** {@link #describe(Span, String, String, String)} with the statement's own (shared) span name. */
  private static void describe(Span span, SqlStatementInfo info) {
    String queryText = info.queryText();
    if (queryText != null && !queryText.isEmpty()) {
      span.setAttribute(QUERY_TEXT, queryText);
    }
    String operation = info.operationName();
    String collection = info.collectionName();
    if (operation != null && !operation.isEmpty()) {
      span.setAttribute(OPERATION, operation);
      if (collection != null && !collection.isEmpty()) {
        span.setAttribute(COLLECTION, collection);
      }
      span.updateName(info.spanName());
    } else if (collection != null && !collection.isEmpty()) {
      span.setAttribute(COLLECTION, collection);
    }
  }

  /** Sets the query attributes and, when there is an operation, the name they give. */
  private static void describe(Span span, String operation, String collection, String queryText) {
    if (queryText != null && !queryText.isEmpty()) {
      span.setAttribute(QUERY_TEXT, queryText);
    }
    if (operation != null && !operation.isEmpty()) {
      span.setAttribute(OPERATION, operation);
      if (collection != null && !collection.isEmpty()) {
        span.setAttribute(COLLECTION, collection);
        span.updateName(operation + " " + collection);
      } else {
        span.updateName(operation);
      }
    } else if (collection != null && !collection.isEmpty()) {
      span.setAttribute(COLLECTION, collection);
    }
  }

  /**
   * Whether the parent context's span is a local one the sampler dropped (valid, neither sampled nor recorded). A
   * statement's span would then be dropped too, whichever sampler is configured: the parent-based ones
   * follow a local parent, {@code traceidratio} decides on the same trace id, {@code always_on} never
   * drops, and keeping errors or slow traces records every span. A statement's span propagates nothing (no
   * header, no message), so none is made: no span, no context, no look-up of the statement's SQL. A remote
   * parent does not count: {@code always_on} samples the children of a remote parent that was not.
   */
  private static boolean inDroppedTrace(Context parent) {
    Span current = Span.fromContext(parent);
    SpanContext context = current.getSpanContext();
    return context.isValid() && !context.isSampled() && !context.isRemote() && !current.isRecording();
  }

  /**
   * A CLIENT span under the current context, named for now after the namespace or the system; the
   * connection's attributes are set once it is known to be recorded (the agent's samplers decide on the
   * parent and the trace id only), so a statement that is not recorded allocates no attribute map.
   */
  private AgentSpan startSpan(DbConnectionInfo db, Context parent) {
    String name = db.namespace() != null ? db.namespace() : db.system();
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setParent(parent).startSpan();
    if (span.isRecording()) {
      span.setAttribute(SYSTEM, db.system());
      if (db.namespace() != null) {
        span.setAttribute(NAMESPACE, db.namespace());
      }
      if (db.serverAddress() != null) {
        span.setAttribute(SERVER_ADDRESS, db.serverAddress());
        if (db.serverPort() > 0) {
          span.setAttribute(SERVER_PORT, db.serverPortValue());
        }
      }
    }
    return new AgentSpan(span, parent);
  }

  @Override
  public void end(ActiveSpan span, Throwable error) {
    if (span instanceof AgentSpan) {
      end((AgentSpan) span, error);
    }
  }

  /** Ends the span; a thrown error is recorded, with its SQLState when it is an SQLException. */
  void end(AgentSpan span, Throwable error) {
    if (error != null) {
      span.recordException(error);
      if (error instanceof SQLException) {
        String state = ((SQLException) error).getSQLState();
        if (state != null && !state.isEmpty()) {
          span.span().setAttribute(RESPONSE_STATUS, state);
        }
      }
    }
    span.end();
  }
}
