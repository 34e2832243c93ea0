package io.spanwise.jdbctests;

import io.spanwise.testing.TestRequest;
import io.spanwise.testing.Instrumented;
import static io.spanwise.jdbctests.Spans.BATCH_SIZE;
import static io.spanwise.jdbctests.Spans.COLLECTION;
import static io.spanwise.jdbctests.Spans.ERROR_TYPE;
import static io.spanwise.jdbctests.Spans.EXCEPTION_MESSAGE;
import static io.spanwise.jdbctests.Spans.EXCEPTION_TYPE;
import static io.spanwise.jdbctests.Spans.NAMESPACE;
import static io.spanwise.jdbctests.Spans.OPERATION;
import static io.spanwise.jdbctests.Spans.QUERY_TEXT;
import static io.spanwise.jdbctests.Spans.RESPONSE_STATUS;
import static io.spanwise.jdbctests.Spans.SERVER_ADDRESS;
import static io.spanwise.jdbctests.Spans.SERVER_PORT;
import static io.spanwise.jdbctests.Spans.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every database, every driver and every pool must give: one CLIENT span per JDBC call with the
 * database semantic conventions. Each subclass runs it against one real database, used directly or
 * through a pool; the schema is {@link #SCHEMA} plus a procedure {@code noop_proc(int)}.
 */
abstract class JdbcContract {
  // Column-index variants pass an empty array: PostgreSQL refuses indexes (it returns keys by name), and
  // the point here is which methods are traced, not generated keys.
  static final String[] SCHEMA = {
      "CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(40), quantity INT)",
      "CREATE TABLE audit (id INT PRIMARY KEY, note VARCHAR(80))",
  };

  static final String UPDATE = "UPDATE orders SET quantity = 7 WHERE id = 42";
  static final String UPDATE_SANITIZED = "UPDATE orders SET quantity = ? WHERE id = ?";
  static final String SELECT = "SELECT item, quantity FROM orders WHERE id = 42";
  static final String SELECT_SANITIZED = "SELECT item, quantity FROM orders WHERE id = ?";
  static final String INSERT_PREPARED = "INSERT INTO orders (id, item, quantity) VALUES (?, ?, ?)";
  static final String SELECT_PREPARED = "SELECT item FROM orders WHERE id = ?";

  /** The database, ready (schema created) once the subclass's {@code @BeforeAll} ran. */
  abstract DataSource dataSource();

  abstract String system();

  abstract String namespace();

  /** Null for an embedded or in-memory database. */
  abstract String serverAddress();

  abstract long serverPort();

  /** Package of the driver's exception classes ({@code org.h2.}). */
  abstract String driverPackage();

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  static void createSchema(DataSource dataSource, String procedureDdl) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      s.execute(procedureDdl);
    }
  }

  @BeforeEach
  void resetData() throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM orders");
      s.execute("DELETE FROM audit");
      s.execute("INSERT INTO orders VALUES (42, 'book', 1)");
    }
    Spans.reset();
  }

  interface SqlWork {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on a connection taken before the spans are reset, and returns its spans. */
  List<SpanData> spansOf(SqlWork work) throws SQLException {
    try (Connection c = dataSource().getConnection()) {
      Spans.reset();
      work.run(c);
      return Spans.all();
    }
  }

  /** The single span of {@code work}. */
  SpanData spanOf(SqlWork work) throws SQLException {
    List<SpanData> spans = spansOf(work);
    assertThat(spans).as("one span for the call").hasSize(1);
    return spans.get(0);
  }

  /** A CLIENT span of this database with these query attributes (null: absent), and no error. */
  void assertDbSpan(SpanData span, String name, String operation, String collection, String text) {
    assertThat(span.getName()).as(span.toString()).isEqualTo(name);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).as(span.toString()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(SYSTEM)).isEqualTo(system());
    assertThat(span.getAttributes().get(NAMESPACE)).isEqualTo(namespace());
    assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo(serverAddress());
    assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo(serverAddress() == null ? null : serverPort());
    assertThat(span.getAttributes().get(OPERATION)).as(span.toString()).isEqualTo(operation);
    assertThat(span.getAttributes().get(COLLECTION)).as(span.toString()).isEqualTo(collection);
    assertThat(span.getAttributes().get(QUERY_TEXT)).as(span.toString()).isEqualTo(text);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isNull();
    assertThat(span.getEvents()).isEmpty();
  }

  // ---------------------------------------------------------------- Statement

  @Test
  void aStatementQueryIsOneClientSpanWithTheDatabaseAttributes() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SELECT)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("book");
      }
    });
    assertDbSpan(span, "SELECT orders", "SELECT", "orders", SELECT_SANITIZED);
    assertThat(span.getParentSpanContext().isValid()).as("no current span: a new trace").isFalse();
    assertThat(span.getAttributes().get(BATCH_SIZE)).isNull();
  }

  enum StatementCall {
    EXECUTE(s -> s.execute(UPDATE)),
    EXECUTE_WITH_KEYS_FLAG(s -> s.execute(UPDATE, Statement.NO_GENERATED_KEYS)),
    EXECUTE_WITH_COLUMN_INDEXES(s -> s.execute(UPDATE, new int[0])),
    EXECUTE_WITH_COLUMN_NAMES(s -> s.execute(UPDATE, new String[] {"id"})),
    EXECUTE_UPDATE(s -> s.executeUpdate(UPDATE)),
    EXECUTE_UPDATE_WITH_KEYS_FLAG(s -> s.executeUpdate(UPDATE, Statement.RETURN_GENERATED_KEYS)),
    EXECUTE_UPDATE_WITH_COLUMN_INDEXES(s -> s.executeUpdate(UPDATE, new int[0])),
    EXECUTE_UPDATE_WITH_COLUMN_NAMES(s -> s.executeUpdate(UPDATE, new String[] {"id"})),
    EXECUTE_LARGE_UPDATE(s -> s.executeLargeUpdate(UPDATE)),
    EXECUTE_LARGE_UPDATE_WITH_KEYS_FLAG(s -> s.executeLargeUpdate(UPDATE, Statement.NO_GENERATED_KEYS)),
    EXECUTE_LARGE_UPDATE_WITH_COLUMN_INDEXES(s -> s.executeLargeUpdate(UPDATE, new int[0])),
    EXECUTE_LARGE_UPDATE_WITH_COLUMN_NAMES(s -> s.executeLargeUpdate(UPDATE, new String[] {"id"}));

    final StatementAction action;

    StatementCall(StatementAction action) {
      this.action = action;
    }
  }

  interface StatementAction {
    void run(Statement statement) throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(StatementCall.class)
  void everyStatementExecuteMethodIsOneSpan(StatementCall call) throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        call.action.run(s);
      }
    });
    assertDbSpan(span, "UPDATE orders", "UPDATE", "orders", UPDATE_SANITIZED);
  }

  @Test
  void eachCallOnAReusedStatementIsItsOwnSpan() throws SQLException {
    List<SpanData> spans = spansOf(c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO audit VALUES (1, 'first')");
        s.executeQuery(SELECT).close();
        s.executeUpdate("DELETE FROM audit WHERE id = 1");
      }
    });
    assertThat(spans).extracting(SpanData::getName).containsExactly("INSERT audit", "SELECT orders", "DELETE audit");
    assertDbSpan(spans.get(0), "INSERT audit", "INSERT", "audit", "INSERT INTO audit VALUES (?, ?)");
    assertDbSpan(spans.get(2), "DELETE audit", "DELETE", "audit", "DELETE FROM audit WHERE id = ?");
  }

  @Test
  void literalsInTheQueryTextAreReplaced() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT id FROM orders WHERE item = 'secret-item' AND quantity IN (1, 2, 3) AND id > -5")
            .close();
      }
    });
    assertDbSpan(span, "SELECT orders", "SELECT", "orders",
        "SELECT id FROM orders WHERE item = ? AND quantity IN (?) AND id > ?");
  }

  // ---------------------------------------------------------------- PreparedStatement, CallableStatement

  enum PreparedCall {
    EXECUTE(PreparedStatement::execute),
    EXECUTE_QUERY(p -> p.executeQuery().close()),
    EXECUTE_UPDATE(PreparedStatement::executeUpdate),
    EXECUTE_LARGE_UPDATE(PreparedStatement::executeLargeUpdate);

    final PreparedAction action;

    PreparedCall(PreparedAction action) {
      this.action = action;
    }
  }

  interface PreparedAction {
    void run(PreparedStatement statement) throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(PreparedCall.class)
  void everyPreparedExecuteMethodIsOneSpanWithThePreparedSql(PreparedCall call) throws SQLException {
    String sql = call == PreparedCall.EXECUTE_QUERY ? SELECT_PREPARED : "UPDATE orders SET quantity = ? WHERE id = ?";
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setInt(1, call == PreparedCall.EXECUTE_QUERY ? 42 : 5);
        if (call != PreparedCall.EXECUTE_QUERY) {
          p.setInt(2, 42);
        }
        call.action.run(p);
      }
    });
    if (call == PreparedCall.EXECUTE_QUERY) {
      assertDbSpan(span, "SELECT orders", "SELECT", "orders", sql);
    } else {
      assertDbSpan(span, "UPDATE orders", "UPDATE", "orders", sql);
    }
  }

  enum Prepare {
    SQL_ONLY(c -> c.prepareStatement(SELECT_PREPARED)),
    WITH_KEYS_FLAG(c -> c.prepareStatement(SELECT_PREPARED, Statement.NO_GENERATED_KEYS)),
    WITH_COLUMN_INDEXES(c -> c.prepareStatement(SELECT_PREPARED, new int[0])),
    WITH_COLUMN_NAMES(c -> c.prepareStatement(SELECT_PREPARED, new String[] {"id"})),
    WITH_RESULT_SET_TYPE(c -> c.prepareStatement(SELECT_PREPARED, ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY)),
    WITH_HOLDABILITY(c -> c.prepareStatement(SELECT_PREPARED, ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT));

    final PrepareAction action;

    Prepare(PrepareAction action) {
      this.action = action;
    }
  }

  interface PrepareAction {
    PreparedStatement prepare(Connection connection) throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(Prepare.class)
  void everyWayToPrepareAStatementGivesItsSqlToTheSpan(Prepare prepare) throws SQLException {
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = prepare.action.prepare(c)) {
        p.setInt(1, 42);
        p.executeQuery().close();
      }
    });
    assertDbSpan(span, "SELECT orders", "SELECT", "orders", SELECT_PREPARED);
  }

  @Test
  void aPreparedStatementExecutedTwiceIsTwoSpans() throws SQLException {
    List<SpanData> spans = spansOf(c -> {
      try (PreparedStatement p = c.prepareStatement(SELECT_PREPARED)) {
        p.setInt(1, 42);
        p.executeQuery().close();
        p.setInt(1, 43);
        p.executeQuery().close();
      }
    });
    assertThat(spans).hasSize(2);
    spans.forEach(s -> assertDbSpan(s, "SELECT orders", "SELECT", "orders", SELECT_PREPARED));
  }

  enum PrepareCall {
    SQL_ONLY(c -> c.prepareCall("CALL noop_proc(?)")),
    WITH_RESULT_SET_TYPE(c -> c.prepareCall("CALL noop_proc(?)", ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY)),
    WITH_HOLDABILITY(c -> c.prepareCall("CALL noop_proc(?)", ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT));

    final CallAction action;

    PrepareCall(CallAction action) {
      this.action = action;
    }
  }

  interface CallAction {
    CallableStatement prepare(Connection connection) throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(PrepareCall.class)
  void aCallableStatementIsOneSpanNamedAfterItsProcedure(PrepareCall prepare) throws SQLException {
    SpanData span = spanOf(c -> {
      try (CallableStatement call = prepare.action.prepare(c)) {
        call.setInt(1, 5);
        call.execute();
      }
    });
    assertDbSpan(span, "CALL noop_proc", "CALL", "noop_proc", "CALL noop_proc(?)");
  }

  // ---------------------------------------------------------------- batches

  @Test
  void aPreparedBatchIsOneSpanWithItsSize() throws SQLException {
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_PREPARED)) {
        for (int id = 1; id <= 3; id++) {
          p.setInt(1, id);
          p.setString(2, "item" + id);
          p.setInt(3, id);
          p.addBatch();
        }
        assertThat(p.executeBatch()).hasSize(3);
      }
    });
    assertDbSpan(span, "BATCH INSERT orders", "BATCH INSERT", "orders", INSERT_PREPARED);
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(3L);
  }

  @Test
  void aLargePreparedBatchIsOneSpanWithItsSize() throws SQLException {
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_PREPARED)) {
        for (int id = 1; id <= 2; id++) {
          p.setInt(1, id);
          p.setString(2, "item" + id);
          p.setInt(3, id);
          p.addBatch();
        }
        assertThat(p.executeLargeBatch()).hasSize(2);
      }
    });
    assertDbSpan(span, "BATCH INSERT orders", "BATCH INSERT", "orders", INSERT_PREPARED);
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(2L);
  }

  @Test
  void aBatchOfOneIsNotABatch() throws SQLException {
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_PREPARED)) {
        p.setInt(1, 1);
        p.setString(2, "one");
        p.setInt(3, 1);
        p.addBatch();
        p.executeBatch();
      }
    });
    assertDbSpan(span, "INSERT orders", "INSERT", "orders", INSERT_PREPARED);
    assertThat(span.getAttributes().get(BATCH_SIZE)).isNull();
  }

  @Test
  void aPreparedStatementReusedForTwoBatchesCountsEachOnItsOwn() throws SQLException {
    List<SpanData> spans = spansOf(c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_PREPARED)) {
        int id = 1;
        for (int batch = 2; batch <= 3; batch++) {
          for (int i = 0; i < batch; i++, id++) {
            p.setInt(1, id);
            p.setString(2, "item");
            p.setInt(3, 1);
            p.addBatch();
          }
          p.executeBatch();
        }
      }
    });
    assertThat(spans).extracting(s -> s.getAttributes().get(BATCH_SIZE)).containsExactly(2L, 3L);
  }

  @Test
  void aStatementBatchOfOneShapeKeepsItsSanitizedText() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO orders VALUES (1, 'pen', 1)");
        s.addBatch("INSERT INTO orders VALUES (2, 'mug', 2)");
        s.addBatch("INSERT INTO orders VALUES (3, 'lamp', 3)");
        s.executeBatch();
      }
    });
    assertDbSpan(span, "BATCH INSERT orders", "BATCH INSERT", "orders", "INSERT INTO orders VALUES (?, ?, ?)");
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(3L);
  }

  @Test
  void aStatementBatchOfDifferentOperationsHasNoQueryText() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO orders VALUES (1, 'pen', 1)");
        s.addBatch("UPDATE orders SET quantity = 2 WHERE id = 1");
        s.addBatch("DELETE FROM orders WHERE id = 1");
        s.executeLargeBatch();
      }
    });
    assertDbSpan(span, "BATCH orders", "BATCH", "orders", null);
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(3L);
  }

  @Test
  void aStatementBatchAcrossTablesIsNamedAfterItsOperation() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO orders VALUES (1, 'pen', 1)");
        s.addBatch("INSERT INTO audit VALUES (1, 'pen ordered')");
        s.executeBatch();
      }
    });
    assertDbSpan(span, "BATCH INSERT", "BATCH INSERT", null, null);
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(2L);
  }

  @Test
  void clearBatchForgetsWhatWasAddedBefore() throws SQLException {
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        s.addBatch("DELETE FROM orders WHERE id = 42");
        s.addBatch("DELETE FROM audit");
        s.clearBatch();
        s.addBatch("INSERT INTO audit VALUES (1, 'a')");
        s.addBatch("INSERT INTO audit VALUES (2, 'b')");
        s.executeBatch();
      }
    });
    assertDbSpan(span, "BATCH INSERT audit", "BATCH INSERT", "audit", "INSERT INTO audit VALUES (?, ?)");
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(2L);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void anSqlExceptionIsAnErrorAndReachesTheApplicationUnchanged() throws SQLException {
    SQLException[] thrown = new SQLException[1];
    SpanData span = spanOf(c -> {
      try (Statement s = c.createStatement()) {
        thrown[0] = catchThrowableOfType(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
      }
    });
    SQLException e = thrown[0];
    assertThat((Throwable) e).as("the query fails").isNotNull();
    assertThat(e.getClass().getName()).as("the driver's own exception, not wrapped").startsWith(driverPackage());
    assertThat(e.getStackTrace())
        .as("no agent frame between the driver and the application")
        .noneMatch(f -> f.getClassName().startsWith("io.spanwise.core.")
            || f.getClassName().startsWith("io.spanwise.bootstrap.")
            || f.getClassName().startsWith("io.spanwise.instrumentation."));
    assertThat(e.getSQLState()).isNotBlank();

    assertThat(span.getName()).isEqualTo("SELECT no_such_table");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(e.getClass().getName());
    assertThat(span.getAttributes().get(RESPONSE_STATUS)).isEqualTo(e.getSQLState());
    assertThat(span.getAttributes().get(QUERY_TEXT)).isEqualTo("SELECT * FROM no_such_table");
    EventData event = span.getEvents().stream().filter(ev -> ev.getName().equals("exception")).findFirst()
        .orElseThrow(() -> new AssertionError("no exception event: " + span));
    assertThat(event.getAttributes().get(EXCEPTION_TYPE)).isEqualTo(e.getClass().getName());
    assertThat(event.getAttributes().get(EXCEPTION_MESSAGE)).isEqualTo(e.getMessage());
  }

  @Test
  void aFailingBatchIsAnErrorWithItsSqlState() throws SQLException {
    BatchUpdateException[] thrown = new BatchUpdateException[1];
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(INSERT_PREPARED)) {
        for (int i = 0; i < 2; i++) {
          p.setInt(1, 42); // the row with id 42 exists: duplicate key
          p.setString(2, "dup");
          p.setInt(3, 1);
          p.addBatch();
        }
        thrown[0] = catchThrowableOfType(BatchUpdateException.class, p::executeBatch);
      }
    });
    assertThat((Throwable) thrown[0]).as("the batch fails").isNotNull();
    assertThat(span.getName()).isEqualTo("BATCH INSERT orders");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(thrown[0].getClass().getName());
    assertThat(span.getAttributes().get(RESPONSE_STATUS)).isEqualTo(thrown[0].getSQLState());
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(2L);
  }

  // ---------------------------------------------------------------- context and layering

  @Test
  void aCallInsideARequestIsAChildOfTheRequestsSpan() throws SQLException {
    List<SpanData> spans = spansOf(c -> {
      ActiveSpan server = TestRequest.startServerSpan();
      try (ContextScope scope = server.makeCurrent(); Statement s = c.createStatement()) {
        s.executeQuery(SELECT).close();
        s.executeUpdate(UPDATE);
      } finally {
        TestRequest.endServerSpan(server);
      }
    });
    assertThat(spans).extracting(SpanData::getName).containsExactly("SELECT orders", "UPDATE orders", "GET /orders/*");
    SpanData request = spans.get(2);
    assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
    for (SpanData db : spans.subList(0, 2)) {
      assertThat(db.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(db.getTraceId()).isEqualTo(request.getTraceId());
      assertThat(db.getParentSpanId()).isEqualTo(request.getSpanId());
    }
  }

  @Test
  void theDriverAndAnyPoolAroundItAreInstrumentedYetACallIsOneSpan() throws SQLException {
    Set<Class<?>> layers = new LinkedHashSet<>();
    SpanData span = spanOf(c -> {
      try (PreparedStatement p = c.prepareStatement(SELECT_PREPARED)) {
        layers.add(p.getClass());
        layers.add(p.unwrap(PreparedStatement.class).getClass());
        p.setInt(1, 42);
        p.executeQuery().close();
      }
    });
    assertDbSpan(span, "SELECT orders", "SELECT", "orders", SELECT_PREPARED);
    for (Class<?> layer : layers) {
      assertThat(Instrumented.isInstrumented(layer)).as("%s carries the advice", layer.getName()).isTrue();
    }
    assertThat(layers).as("the statement classes in the call: %s", layers).hasSize(expectedLayers());
  }

  /** 1 for a driver used directly, 2 for a pool's proxy in front of the driver's statement. */
  int expectedLayers() {
    return 1;
  }
}
