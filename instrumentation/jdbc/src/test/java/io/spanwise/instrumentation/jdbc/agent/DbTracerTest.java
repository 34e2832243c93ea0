package io.spanwise.instrumentation.jdbc.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.core.config.Config;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The naming, batch and settings rules of {@link DbTracer}, on statement stand-ins that only answer
 * {@code getConnection().getMetaData().getURL()}. Real drivers run the same code in the jdbc-tests module.
 */
class DbTracerTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final DbTracer tracer = new DbTracer(provider.get("test"), true);
  private final AtomicInteger metaDataCalls = new AtomicInteger();
  private final AtomicInteger getConnectionCalls = new AtomicInteger();

  @AfterEach
  void close() {
    provider.close();
  }

  /** A statement of a connection whose metadata gives this URL. */
  private Statement statement(String url) {
    DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getURL":
              return url;
            case "getDatabaseProductName":
              return "PostgreSQL";
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
    Connection connection = connection(() -> {
      metaDataCalls.incrementAndGet();
      return metaData;
    });
    return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getConnection":
              getConnectionCalls.incrementAndGet();
              return connection;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  /** A connection, not a wrapper, whose {@code getMetaData()} answers what {@code metaData} gives. */
  private Connection connection(Callable<DatabaseMetaData> metaData) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getMetaData":
              return metaData.call();
            case "unwrap":
              throw new SQLException("not a wrapper");
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private SpanData run(Object statement, String sql) {
    tracer.end((AgentSpan) tracer.start(statement, sql), null);
    return only();
  }

  private SpanData runBatch(Object statement) {
    tracer.end(tracer.startBatch(statement), null);
    return only();
  }

  private SpanData only() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    exporter.reset();
    return spans.get(0);
  }

  /** Runs a statement prepared with the orders query of {@code db.example:6543/shop} three times. */
  private void executeOrdersQueryThreeTimes(Statement statement) {
    for (int i = 0; i < 3; i++) {
      SpanData span = run(statement, null);
      assertThat(span.getName()).isEqualTo("SELECT orders");
      assertThat(attr(span, "db.namespace")).isEqualTo("shop");
      assertThat(attr(span, "server.address")).isEqualTo("db.example");
      assertThat(attr(span, "db.query.text")).isEqualTo("SELECT * FROM orders WHERE id = ?");
    }
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void aQueryIsNamedAfterItsOperationAndTable() {
    SpanData span = run(statement("jdbc:postgresql://db.example:6543/shop"), "SELECT * FROM orders WHERE id = 7");
    assertThat(span.getName()).isEqualTo("SELECT orders");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(attr(span, "db.system.name")).isEqualTo("postgresql");
    assertThat(attr(span, "db.namespace")).isEqualTo("shop");
    assertThat(attr(span, "server.address")).isEqualTo("db.example");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(6543L);
    assertThat(attr(span, "db.query.text")).isEqualTo("SELECT * FROM orders WHERE id = ?");
    assertThat(attr(span, "db.operation.name")).isEqualTo("SELECT");
    assertThat(attr(span, "db.collection.name")).isEqualTo("orders");
  }

  /** MySQL reads "..." as a string and # as a comment: sanitizing must know, or the values leak. */
  @Test
  void mysqlDoubleQuotedStringsAndHashCommentsAreSanitized() {
    SpanData mysql = run(statement("jdbc:mysql://db:3306/shop"),
        "SELECT * FROM users WHERE email = \"alice@example.com\" # card 4111111111111111");
    assertThat(attr(mysql, "db.query.text")).isEqualTo("SELECT * FROM users WHERE email = ?");
    assertThat(mysql.getName()).isEqualTo("SELECT users");

    SpanData mariadb = run(statement("jdbc:mariadb://db/shop"), "UPDATE t SET a = \"x\"\"y\" WHERE id = 1");
    assertThat(attr(mariadb, "db.query.text")).isEqualTo("UPDATE t SET a = ? WHERE id = ?");
  }

  @Test
  void elsewhereDoubleQuotesAreIdentifiers() {
    SpanData span = run(statement("jdbc:postgresql://db/shop"), "SELECT \"Total\" FROM \"Orders\" WHERE id = 3");
    assertThat(attr(span, "db.query.text")).isEqualTo("SELECT \"Total\" FROM \"Orders\" WHERE id = ?");
    assertThat(attr(span, "db.collection.name")).isEqualTo("Orders");
  }

  @Test
  void withoutATableTheNameIsTheOperation() {
    SpanData span = run(statement("jdbc:postgresql://db/shop"), "SELECT 1");
    assertThat(span.getName()).isEqualTo("SELECT");
    assertThat(attr(span, "db.collection.name")).isNull();
  }

  @Test
  void withoutAnOperationTheNameIsTheNamespaceElseTheSystem() {
    assertThat(run(statement("jdbc:postgresql://db/shop"), "FROBNICATE orders").getName()).isEqualTo("shop");
    SpanData span = run(statement("jdbc:h2:mem:"), "FROBNICATE orders");
    assertThat(span.getName()).isEqualTo("h2database");
    assertThat(attr(span, "db.operation.name")).isNull();
    assertThat(attr(span, "db.query.text")).isEqualTo("FROBNICATE orders");
  }

  @Test
  void anEmbeddedDatabaseHasNoServer() {
    SpanData span = run(statement("jdbc:h2:mem:shop"), "SELECT 1");
    assertThat(attr(span, "server.address")).isNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isNull();
  }

  @Test
  void anObjectThatIsNoStatementIsSomeSqlDatabase() {
    SpanData span = run(new Object(), "SELECT 1");
    assertThat(span.getName()).isEqualTo("SELECT");
    assertThat(attr(span, "db.system.name")).isEqualTo("other_sql");
  }

  @Test
  void aPreparedStatementsExecutionsAskTheDriverNothing() throws Exception {
    Statement statement = statement("jdbc:postgresql://db.example:6543/shop");
    tracer.prepared(statement, "SELECT * FROM orders WHERE id = ?", statement.getConnection());
    int asked = getConnectionCalls.get(); // the line above's own
    executeOrdersQueryThreeTimes(statement);
    // the connection's database was read once, as the statement was prepared
    assertThat(getConnectionCalls.get()).isEqualTo(asked);
    assertThat(metaDataCalls.get()).isEqualTo(1);
    tracer.closed(statement);
    assertThat(run(statement, null).getName()).isEqualTo("shop"); // forgotten: neither SQL nor a query name
    assertThat(getConnectionCalls.get()).isEqualTo(asked + 1);
  }

  @Test
  void aStatementPreparedInADroppedTraceAsksForItsConnectionOnlyWhenExecutedInATraceThatIsKept() throws Exception {
    Statement statement = statement("jdbc:postgresql://db.example:6543/shop");
    Connection connection = statement.getConnection();
    int asked = getConnectionCalls.get(); // the line above's own
    SpanContext dropped = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getDefault(), TraceState.getDefault());
    try (Scope request = Span.wrap(dropped).makeCurrent()) {
      tracer.prepared(statement, "SELECT * FROM orders WHERE id = ?", connection);
      assertThat(tracer.start(statement, null)).isSameAs(ActiveSpan.NOOP);
    }
    assertThat(metaDataCalls.get()).as("nothing read in the dropped trace").isZero();
    assertThat(getConnectionCalls.get()).isEqualTo(asked);
    // the same statement executed again in a trace that is kept (a statement held across requests)
    executeOrdersQueryThreeTimes(statement);
    // asked at the first of those executions, then kept with the SQL
    assertThat(getConnectionCalls.get()).isEqualTo(asked + 1);
    assertThat(metaDataCalls.get()).isEqualTo(1);
  }

  @Test
  void aDriverThatPreparesWhileAnsweringItsMetadataDoesNotSendTheAgentRoundInCircles() throws Exception {
    Statement inner = statement("jdbc:postgresql://db.example/inner");
    Statement outer = statement("jdbc:postgresql://db.example:6543/shop");
    AtomicInteger metaData = new AtomicInteger();
    Connection[] self = new Connection[1];
    Connection preparing = connection(() -> {
      metaData.incrementAndGet();
      // as the prepare advice would see it: the driver prepares a statement of its own
      tracer.prepared(inner, "SELECT version()", self[0]);
      return outer.getConnection().getMetaData();
    });
    self[0] = preparing;
    tracer.prepared(outer, "SELECT * FROM orders WHERE id = ?", preparing);
    assertThat(metaData.get()).isEqualTo(1);
    SpanData span = run(outer, null);
    assertThat(attr(span, "db.namespace")).isEqualTo("shop");
    assertThat(attr(span, "db.system.name")).isEqualTo("postgresql");
    assertThat(run(inner, null).getName()).isEqualTo("SELECT"); // its connection unknown, its SQL kept
  }

  @Test
  void anEmptyStatementGivesNoSpan() throws Exception {
    Statement statement = statement("jdbc:postgresql://db/shop");
    assertThat(tracer.start(statement, "")).isSameAs(ActiveSpan.NOOP);
    assertThat(tracer.start(statement, "  \n")).isSameAs(ActiveSpan.NOOP);
    tracer.prepared(statement, "", statement.getConnection());
    assertThat(tracer.start(statement, null)).isSameAs(ActiveSpan.NOOP);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aPreparedStatementNotSeenBeingPreparedHasNoQueryAttributes() {
    SpanData span = run(statement("jdbc:postgresql://db/shop"), null);
    assertThat(span.getName()).isEqualTo("shop");
    assertThat(attr(span, "db.query.text")).isNull();
  }

  @Test
  void theMetadataIsReadOncePerConnection() {
    Statement statement = statement("jdbc:postgresql://db/shop");
    for (int i = 0; i < 5; i++) {
      run(statement, "SELECT " + i);
    }
    assertThat(metaDataCalls).hasValue(1);
  }

  @Test
  void anExecuteBatchWithNothingAddedIsNamedAfterTheDatabase() {
    SpanData span = runBatch(statement("jdbc:postgresql://db/shop"));
    assertThat(span.getName()).isEqualTo("shop");
    assertThat(span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isNull();
  }

  @Test
  void aStatementBatchTooLargeToKeepStillSaysWhetherItWasOneText() {
    Statement same = statement("jdbc:postgresql://db/shop");
    for (int i = 0; i < 1500; i++) {
      tracer.batchAdded(same, "DELETE FROM orders WHERE id = 1");
    }
    SpanData span = runBatch(same);
    assertThat(span.getName()).isEqualTo("BATCH DELETE orders");
    assertThat(attr(span, "db.query.text")).isEqualTo("DELETE FROM orders WHERE id = ?");
    assertThat(span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(1500L);

    Statement different = statement("jdbc:postgresql://db/shop");
    for (int i = 0; i < 1500; i++) {
      tracer.batchAdded(different, "DELETE FROM orders WHERE id = " + i);
    }
    span = runBatch(different);
    assertThat(span.getName()).isEqualTo("BATCH");
    assertThat(attr(span, "db.query.text")).isNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isEqualTo(1500L);
  }

  @Test
  void aBatchIsTakenByItsExecution() {
    Statement statement = statement("jdbc:postgresql://db/shop");
    tracer.batchAdded(statement, "DELETE FROM a");
    tracer.batchAdded(statement, "DELETE FROM b");
    assertThat(runBatch(statement).getName()).isEqualTo("BATCH DELETE");
    assertThat(runBatch(statement).getName()).as("the next batch starts empty").isEqualTo("shop");
  }

  @Test
  void anSqlExceptionGivesItsStateAndType() {
    Statement statement = statement("jdbc:postgresql://db/shop");
    SQLException error = new SQLSyntaxErrorException("relation \"nope\" does not exist", "42P01");
    tracer.end((AgentSpan) tracer.start(statement, "SELECT * FROM nope"), error);
    SpanData span = only();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo("java.sql.SQLSyntaxErrorException");
    assertThat(attr(span, "db.response.status_code")).isEqualTo("42P01");
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void anUnsampledStatementIsNotAnalysed() {
    SdkTracerProvider off = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    DbTracer unsampled = new DbTracer(off.get("test"), true);
    ActiveSpan span = unsampled.start(statement("jdbc:postgresql://db/shop"), "SELECT 1");
    assertThat(((AgentSpan) span).isRecording()).isFalse();
    unsampled.end((AgentSpan) span, null);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    off.close();
  }

  @Test
  void sanitizingIsOnUnlessTurnedOffForJdbcOrForAllDatabases() {
    assertThat(sanitizes(Map.of())).isTrue();
    assertThat(sanitizes(Map.of("otel.instrumentation.common.db.query-sanitization.enabled", "false"))).isFalse();
    assertThat(sanitizes(Map.of("otel.instrumentation.jdbc.query-sanitization.enabled", "false"))).isFalse();
    assertThat(sanitizes(Map.of("otel.instrumentation.common.db.query-sanitization.enabled", "false",
        "otel.instrumentation.jdbc.query-sanitization.enabled", "true"))).as("the jdbc setting wins").isTrue();
    // the OpenTelemetry Java agent's older names
    assertThat(sanitizes(Map.of("otel.instrumentation.common.db-statement-sanitizer.enabled", "false"))).isFalse();
    assertThat(sanitizes(Map.of("otel.instrumentation.jdbc.statement-sanitizer.enabled", "false"))).isFalse();
    assertThat(sanitizes(Map.of("otel.instrumentation.common.db-statement-sanitizer.enabled", "false",
        "otel.instrumentation.common.db.query-sanitization.enabled", "true"))).as("the new name wins").isTrue();
  }

  @Test
  void theEnvironmentVariableFormWorksToo() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_INSTRUMENTATION_JDBC_QUERY_SANITIZATION_ENABLED", "false");
    assertThat(DbTracer.querySanitization(Config.of(Map.of(), env))).isFalse();
  }

  private static boolean sanitizes(Map<String, String> properties) {
    return DbTracer.querySanitization(Config.of(properties, Map.of()));
  }
}
