package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The contract on a real PostgreSQL server, through the driver's own DataSource. */
class PostgresDirectTest extends JdbcContract {
  static final String PROCEDURE =
      "CREATE PROCEDURE noop_proc(value INT) LANGUAGE plpgsql AS $$ BEGIN PERFORM value; END $$";

  static PostgresServer server;
  private static DataSource dataSource;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
    dataSource = postgres(server);
    createSchema(dataSource, PROCEDURE);
  }

  static PGSimpleDataSource postgres(PostgresServer server) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setUrl(server.url());
    pg.setUser("postgres");
    return pg;
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  String system() {
    return "postgresql";
  }

  @Override
  String namespace() {
    return PostgresServer.DATABASE;
  }

  @Override
  String serverAddress() {
    return "127.0.0.1";
  }

  @Override
  long serverPort() {
    return server.port();
  }

  @Override
  String driverPackage() {
    return "org.postgresql.";
  }

  /**
   * The server logs every statement it receives: while the application's statements are traced, the
   * server receives those and nothing else (the agent reads the connection's metadata, never queries).
   */
  @Test
  void theAgentSendsNoStatementOfItsOwn() throws Exception {
    String marker = "spanwise-marker-" + System.nanoTime();
    try (Connection c = dataSource().getConnection()) {
      int logStart = server.log().length();
      Spans.reset();
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1 AS \"" + marker + "-1\"").close();
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ? AS \"" + marker + "-2\"")) {
        p.setInt(1, 2);
        p.executeQuery().close();
      }
      List<SpanData> spans = Spans.all();
      assertThat(spans).hasSize(2);
      String log = awaitLog(logStart, marker + "-2");
      Matcher statements = Pattern.compile("LOG:  (?:statement|execute [^:]*): (.*)").matcher(log);
      int count = 0;
      while (statements.find()) {
        count++;
        assertThat(statements.group(1)).as("a statement the server received:\n%s", log).contains(marker);
      }
      assertThat(count).as(log).isEqualTo(2);
    }
  }

  private static String awaitLog(int from, String text) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String log = server.log().substring(from);
    while (!log.contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      log = server.log().substring(from);
    }
    return log;
  }
}
