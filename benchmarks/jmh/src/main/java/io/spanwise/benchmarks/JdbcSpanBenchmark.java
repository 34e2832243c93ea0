package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A JDBC query on H2 in memory, plain and traced the way the jdbc advice traces it: the core's bridge
 * starts a CLIENT span for the statement (a child of a SERVER span current on the thread, as in a
 * request), makes it current, and ends it after the call. {@code reused*}: one prepared statement
 * executed over and over; {@code prepared*}: prepare, execute and close each time on one connection;
 * {@code pooled*}: borrow a connection from a pool (H2's), prepare, execute, close both, as a web
 * application does per request (each borrow is a new connection object to the agent). The traced
 * variants also tell the bridge about the prepare and the closes, as the jdbc advice does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JdbcSpanBenchmark {
  static final String QUERY = "SELECT name, tier FROM customers WHERE id = ?";

  private Spans spans;
  private Connection connection;
  private JdbcConnectionPool pool;
  private PreparedStatement reused;
  private ActiveSpan parent;
  private ContextScope parentScope;
  private int id;

  @Setup
  public void setUp() throws SQLException {
    spans = new Spans();
    connection = DriverManager.getConnection("jdbc:h2:mem:jmh;DB_CLOSE_DELAY=-1", "sa", "");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name VARCHAR(64), tier VARCHAR(16))");
      s.execute("MERGE INTO customers SELECT x, 'customer-' || x, 'standard' FROM SYSTEM_RANGE(1, 1000)");
    }
    pool = JdbcConnectionPool.create("jdbc:h2:mem:jmh;DB_CLOSE_DELAY=-1", "sa", "");
    reused = connection.prepareStatement(QUERY);
    spans.db.prepared(reused, QUERY, connection);
  }

  /**
   * A request's SERVER span is current while the statements run, as in a servlet; for the
   * {@code *NotSampled} benchmarks, a request whose incoming {@code traceparent} says not sampled (its
   * span and the statements' are not recorded, only propagated).
   */
  @Setup(Level.Iteration)
  public void startRequest(org.openjdk.jmh.infra.BenchmarkParams params) {
    java.util.Map<String, java.util.List<String>> headers = params.getBenchmark().endsWith("NotSampled")
        ? java.util.Map.of("traceparent",
            java.util.List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        : java.util.Map.of();
    parent = spans.server.startSpan(HttpServerSpanBenchmark.Getter.INSTANCE,
        new HttpServerSpanBenchmark.Request("GET", "/checkout", null, headers));
    parentScope = parent.makeCurrent();
  }

  @TearDown(Level.Iteration)
  public void endRequest() {
    parentScope.close();
    spans.server.end(parent, 200, null);
  }

  @TearDown
  public void tearDown() throws SQLException {
    reused.close();
    pool.dispose();
    connection.close();
    spans.close();
  }

  @Benchmark
  public String reusedPlain() throws SQLException {
    return query(reused);
  }

  @Benchmark
  public String reusedTraced() throws SQLException {
    return traced(reused);
  }

  @Benchmark
  public String reusedTracedNotSampled() throws SQLException {
    return traced(reused);
  }

  @Benchmark
  public String preparedPlain() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(QUERY)) {
      return query(ps);
    }
  }

  @Benchmark
  public String preparedTraced() throws SQLException {
    PreparedStatement ps = connection.prepareStatement(QUERY);
    try {
      spans.db.prepared(ps, QUERY, connection);
      return traced(ps);
    } finally {
      ps.close();
      spans.db.closed(ps);
    }
  }

  @Benchmark
  public String preparedTracedNotSampled() throws SQLException {
    return preparedTraced();
  }

  @Benchmark
  public String pooledPlain() throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
      return query(ps);
    }
  }

  @Benchmark
  public String pooledTraced() throws SQLException {
    Connection c = pool.getConnection();
    PreparedStatement ps = null;
    try {
      ps = c.prepareStatement(QUERY);
      spans.db.prepared(ps, QUERY, c);
      return traced(ps);
    } finally {
      if (ps != null) {
        ps.close();
        spans.db.closed(ps);
      }
      c.close();
      spans.db.closed(c);
    }
  }

  private String traced(PreparedStatement ps) throws SQLException {
    ActiveSpan span = spans.db.start(ps, null);
    ContextScope scope = span.makeCurrent();
    Throwable error = null;
    try {
      return query(ps);
    } catch (SQLException | RuntimeException e) {
      error = e;
      throw e;
    } finally {
      scope.close();
      spans.db.end(span, error);
    }
  }

  private String query(PreparedStatement ps) throws SQLException {
    id = id % 1000 + 1;
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }
}
