package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.AgentField;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.testing.FreshClassLoader;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import io.spanwise.testing.TestRequest;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver's and the pool's classes are woven whatever order they are loaded in. Each case loads H2,
 * HikariCP and the application's data access ({@code org.example.jdbcapp}) in a class loader of its own,
 * where nothing was loaded before, in the order the case says; then the application runs a prepared and
 * a plain query on a driver connection and a prepared query through the pool inside a request, and the
 * spans must be what a user expects: three query spans with their text, each a child of the request.
 */
class LoadOrderTest {
  /** Subclasses that load library classes as their supertypes: the application's and the driver's own. */
  private static final String[] SUBCLASSES = {
      "org.example.jdbcapp.AuditedConnection", // loads org.h2.jdbc.JdbcConnection
      "org.example.jdbcapp.AppPool", // loads com.zaxxer.hikari.HikariDataSource
      "org.h2.jdbc.JdbcPreparedStatement", // loads org.h2.jdbc.JdbcStatement
      "com.zaxxer.hikari.pool.HikariProxyPreparedStatement", // loads ProxyPreparedStatement, ProxyStatement
  };
  private static final String[] SUPERTYPES = {
      "org.h2.jdbc.JdbcConnection",
      "com.zaxxer.hikari.HikariDataSource",
      "org.h2.jdbc.JdbcStatement",
      "com.zaxxer.hikari.pool.ProxyStatement",
      "com.zaxxer.hikari.pool.ProxyPreparedStatement",
  };

  private static FreshClassLoader loadedBeforeTheAgent;

  @BeforeAll
  static void loadSomeClassesThenInstallTheAgent() {
    loadedBeforeTheAgent = freshLoader("before-agent");
    loadedBeforeTheAgent.loadInOrder(SUBCLASSES);
    InProcessAgent.install();
  }

  @Test
  void subclassesLoadTheirDriverAndPoolSupertypesFirst() throws Exception {
    FreshClassLoader loader = freshLoader("subclass-first");
    loader.loadInOrder(SUBCLASSES);
    assertQueriesAreTracedInTheRequest(loader);
  }

  @Test
  void driverAndPoolClassesLoadedBeforeTheirSubclasses() throws Exception {
    FreshClassLoader loader = freshLoader("supertype-first");
    loader.loadInOrder(SUPERTYPES);
    loader.loadInOrder(SUBCLASSES);
    assertQueriesAreTracedInTheRequest(loader);
  }

  @Test
  void subclassesAndSupertypesLoadedFromEightThreadsAtOnce() throws Exception {
    FreshClassLoader loader = freshLoader("concurrent");
    loader.loadConcurrently(8, Stream.concat(Stream.of(SUBCLASSES), Stream.of(SUPERTYPES)).toArray(String[]::new));
    assertQueriesAreTracedInTheRequest(loader);
  }

  /** Loaded before the agent was installed in this JVM: woven by retransformation. */
  @Test
  void classesLoadedBeforeTheAgentStarted() throws Exception {
    assertQueriesAreTracedInTheRequest(loadedBeforeTheAgent);
  }

  /**
   * Statement and connection classes woven as they load get the agent's field, where the SQL a statement
   * was prepared with and a connection's database are kept; the classes loaded before the agent cannot
   * gain a field, and theirs go to a weak map (the queries above are traced either way).
   */
  @Test
  void classesWovenAsTheyLoadCarryTheAgentsField() {
    FreshClassLoader loader = freshLoader("agent-field");
    for (String name : SUBCLASSES) {
      Class<?> loaded = loader.load(name);
      boolean statementOrConnection = java.sql.Statement.class.isAssignableFrom(loaded)
          || java.sql.Connection.class.isAssignableFrom(loaded);
      assertThat(AgentField.class.isAssignableFrom(loaded)).as(name).isEqualTo(statementOrConnection);
      if (statementOrConnection) {
        // retransformed (as another agent or a profiler may ask), the class keeps its field and its advice
        assertThat(Instrumented.isInstrumented(loaded)).as(name).isTrue();
      }
      assertThat(AgentField.class.isAssignableFrom(loadedBeforeTheAgent.load(name))).as(name).isFalse();
    }
    assertThat(AgentField.class.isAssignableFrom(loader.load("org.h2.jdbc.JdbcConnection"))).isTrue();
  }

  private static FreshClassLoader freshLoader(String name) {
    return FreshClassLoader.over(name, "org.h2.Driver", "com.zaxxer.hikari.HikariDataSource", "org.slf4j.Logger",
        "org.example.jdbcapp.Queries");
  }

  @SuppressWarnings("unchecked")
  private static void assertQueriesAreTracedInTheRequest(FreshClassLoader loader) throws Exception {
    assertThat(loader.load("org.h2.jdbc.JdbcStatement").getClassLoader()).as("H2 is the fresh loader's own").isSameAs(loader);
    assertThat(loader.load("com.zaxxer.hikari.HikariDataSource").getClassLoader()).isSameAs(loader);
    String url = "jdbc:h2:mem:" + loader.getName() + ";DB_CLOSE_DELAY=-1";
    try (AutoCloseable queries = loader.newInstance("org.example.jdbcapp.Queries", AutoCloseable.class, url)) {
      Spans.reset();
      ActiveSpan request = TestRequest.startServerSpan();
      List<String> read;
      try (ContextScope ignored = request.makeCurrent()) {
        read = ((Callable<List<String>>) queries).call();
      } finally {
        TestRequest.endServerSpan(request);
      }
      assertThat(read).containsExactly("mug", "2", "mug");
    }

    List<SpanData> spans = Spans.all();
    List<SpanData> servers = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers).as("the request in %s", spans).hasSize(1);
    SpanData server = servers.get(0);
    List<SpanData> queries = spans.stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()))
        .collect(Collectors.toList());
    assertThat(queries).as("the request's query spans in %s", spans)
        .extracting(s -> s.getAttributes().get(Spans.QUERY_TEXT))
        .containsExactly("SELECT name FROM items WHERE id = ?", "SELECT COUNT(*) FROM items",
            "SELECT name FROM items WHERE id = ?");
    for (SpanData query : queries) {
      assertThat(query.getName()).isEqualTo("SELECT items");
      assertThat(query.getParentSpanId()).as("parent of %s", query).isEqualTo(server.getSpanId());
      assertThat(query.getAttributes().get(Spans.SYSTEM)).isEqualTo("h2database");
    }
  }
}
