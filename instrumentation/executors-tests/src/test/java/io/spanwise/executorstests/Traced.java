package io.spanwise.executorstests;

import io.spanwise.testing.TestRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What every executors test needs: the in-process agent, a request span current on the test thread (as
 * servlet advice makes it), a database query to run in the other thread (a CLIENT span), and the check
 * that the queries are children of the request.
 */
public final class Traced {
  private static JdbcDataSource database;

  private Traced() {}

  /** The agent with its default settings, and an H2 database with one table. Call first. */
  public static synchronized void install() {
    install(Map.of());
  }

  public static synchronized void install(Map<String, String> properties) {
    InProcessAgent.install(properties);
    if (database == null) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:executors;DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
        s.execute("INSERT INTO items VALUES (1, 'mug'), (2, 'pen')");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      database = h2;
    }
    InProcessAgent.reset();
  }

  public static void reset() {
    InProcessAgent.reset();
  }

  /** Runs the body with a SERVER span current, as a servlet's request would; the span ends after it. */
  public static <T> T inRequest(Callable<T> body) throws Exception {
    ActiveSpan span = TestRequest.startServerSpan();
    try (ContextScope ignored = span.makeCurrent()) {
      return body.call();
    } finally {
      TestRequest.endServerSpan(span);
    }
  }

  public interface Body {
    void run() throws Exception;
  }

  public static void inRequest(Body body) throws Exception {
    inRequest(() -> {
      body.run();
      return null;
    });
  }

  /** One JDBC query on the calling thread: a CLIENT span {@code SELECT items}. Returns the item's name. */
  public static String query() {
    try (Connection c = database.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rows = p.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a context is current on the calling thread (the agent's view). */
  public static boolean hasContext() {
    return Tracing.currentContextOrNull() != null;
  }

  /**
   * Waits for the request's SERVER span and {@code queries} CLIENT spans (and no more) and checks that
   * each query is a child of the request, in its trace.
   */
  public static void assertQueriesAreChildrenOfTheRequest(int queries) {
    List<SpanData> spans = InProcessAgent.awaitExactly(queries + 1, Duration.ofSeconds(20));
    List<SpanData> servers = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(servers).as("one request span in %s", spans).hasSize(1);
    assertThat(clients).as("%d query spans in %s", queries, spans).hasSize(queries);
    SpanData request = servers.get(0);
    for (SpanData query : clients) {
      assertThat(query.getName()).isEqualTo("SELECT items");
      assertThat(query.getTraceId()).as("trace of %s", query).isEqualTo(request.getTraceId());
      assertThat(query.getParentSpanId()).as("parent of %s", query).isEqualTo(request.getSpanId());
    }
  }

  /** Waits for {@code queries} CLIENT spans (and no other span) and checks each is the root of its own trace. */
  public static void assertQueriesAreRoots(int queries) {
    assertQueriesAreRoots(queries, 0);
  }

  /** As {@link #assertQueriesAreRoots(int)}, with {@code others} spans of other kinds besides. */
  public static void assertQueriesAreRoots(int queries, int others) {
    List<SpanData> spans = InProcessAgent.awaitExactly(queries + others, Duration.ofSeconds(20));
    List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).as("%d query spans in %s", queries, spans).hasSize(queries);
    assertThat(spans).hasSize(queries + others);
    for (SpanData query : clients) {
      assertThat(query.getParentSpanContext().isValid()).as("%s has no parent", query).isFalse();
    }
  }
}
