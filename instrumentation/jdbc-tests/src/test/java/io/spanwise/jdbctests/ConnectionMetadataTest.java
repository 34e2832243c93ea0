package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's metadata (its URL) is read once per connection, not per statement: H2's own
 * connection class, counting its {@code getMetaData()} calls, with and without a pool in front.
 */
class ConnectionMetadataTest {
  /** H2's real connection, counting how often its metadata is asked for. */
  static final class CountingConnection extends JdbcConnection {
    final AtomicInteger metaDataCalls = new AtomicInteger();

    CountingConnection(String url) throws SQLException {
      super(url, new Properties(), "sa", "", false);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
      metaDataCalls.incrementAndGet();
      return super.getMetaData();
    }
  }

  /** Hands out counting connections to an in-memory database. */
  static final class CountingDataSource implements DataSource {
    final String url;
    final List<CountingConnection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    CountingDataSource(String database) {
      this.url = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
    }

    int metaDataCalls() {
      return opened.stream().mapToInt(c -> c.metaDataCalls.get()).sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
      CountingConnection connection = new CountingConnection(url);
      opened.add(connection);
      return connection;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  @BeforeEach
  void reset() {
    Spans.reset();
  }

  private static void runStatements(Connection c, int times) throws SQLException {
    for (int i = 0; i < times; i++) {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT " + i).close();
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ?")) {
        p.setInt(1, i);
        p.executeQuery().close();
      }
    }
  }

  @Test
  void aConnectionsMetadataIsReadOnceForAllItsStatements() throws SQLException {
    CountingDataSource db = new CountingDataSource("direct");
    try (Connection c = db.getConnection()) {
      runStatements(c, 10);
    }
    List<SpanData> spans = Spans.all();
    assertThat(spans).hasSize(20).allSatisfy(s -> {
      assertThat(s.getAttributes().get(Spans.SYSTEM)).isEqualTo("h2database");
      assertThat(s.getAttributes().get(Spans.NAMESPACE)).isEqualTo("direct");
    });
    assertThat(db.metaDataCalls()).isEqualTo(1);
  }

  @Test
  void eachConnectionIsReadOnce() throws SQLException {
    CountingDataSource db = new CountingDataSource("several");
    for (int i = 0; i < 3; i++) {
      try (Connection c = db.getConnection()) {
        runStatements(c, 3);
      }
    }
    assertThat(Spans.all()).hasSize(18);
    assertThat(db.opened).hasSize(3).allSatisfy(c -> assertThat(c.metaDataCalls.get()).isEqualTo(1));
  }

  /** A pool hands out a new proxy per borrow: the physical connection underneath is what is cached. */
  @Test
  void aPooledConnectionIsReadOnceHoweverOftenItIsBorrowed() throws SQLException {
    CountingDataSource db = new CountingDataSource("pooled");
    HikariConfig config = new HikariConfig();
    config.setDataSource(db);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      int beforeUse;
      try (Connection warmUp = pool.getConnection()) {
        beforeUse = db.metaDataCalls(); // whatever the pool itself asks on its own
      }
      Spans.reset();
      for (int borrow = 0; borrow < 10; borrow++) {
        try (Connection c = pool.getConnection()) {
          runStatements(c, 2);
        }
      }
      assertThat(Spans.all()).hasSize(40);
      assertThat(db.opened).hasSize(1);
      assertThat(db.metaDataCalls() - beforeUse).isEqualTo(1);
    }
  }
}
