package io.spanwise.servlettests.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.FreshClassLoader;
import io.spanwise.testing.InProcessAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Servlets and filters are woven whatever order their classes are loaded in. Each case loads Tomcat,
 * the servlet API and the application ({@code org.example.loadorderapp}: a servlet overriding only
 * {@code doGet}, a filter on a framework's base class) in a class loader of its own, where nothing was
 * loaded before, in the order the case says, and starts Tomcat there; a GET of {@code /checkout} with a
 * {@code traceparent} must give one SERVER span in that trace, with the filter's and the servlet's
 * queries under it. Same source for Tomcat 9 (javax), 10.1 and 11 (jakarta).
 */
class TomcatLoadOrderTest {
  private static final String NS = FreshClassLoader.class.getClassLoader()
      .getResource("jakarta/servlet/http/HttpServlet.class") != null ? "jakarta" : "javax";
  private static final String SERVLET = "org.example.loadorderapp.CheckoutServlet"; // loads HttpServlet
  private static final String FILTER = "org.example.loadorderapp.AuditFilter"; // loads RequestFilterBase
  private static final String[] SUPERTYPES = {
      NS + ".servlet.http.HttpServlet",
      NS + ".servlet.GenericServlet",
      "org.example.loadorderapp.RequestFilterBase",
  };
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private static FreshClassLoader loadedBeforeTheAgent;
  private static JdbcDataSource database;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void loadSomeClassesThenInstallTheAgent() throws SQLException {
    loadedBeforeTheAgent = freshLoader("before-agent");
    loadedBeforeTheAgent.loadInOrder(SERVLET, FILTER);
    // the driver is the JDK HttpClient in this JVM: its own spans and headers would replace the test's
    InProcessAgent.install(Map.of("otel.instrumentation.java-http-client.enabled", "false"));
    database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    database.setUser("sa");
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
      s.execute("INSERT INTO items VALUES (1, 'mug'), (2, 'pen')");
    }
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  /** The application: a doGet-only servlet is the first class to need HttpServlet. */
  @Test
  void aDoGetServletLoadsHttpServletFirst() throws Exception {
    FreshClassLoader loader = freshLoader("servlet-first");
    loader.loadInOrder(SERVLET);
    assertRequestIsOneTrace(loader, false);
  }

  /** HttpServlet loaded first (so the servlet is woven either way); the filter loads its base class. */
  @Test
  void aFilterLoadsItsBaseClassFirst() throws Exception {
    FreshClassLoader loader = freshLoader("filter-first");
    loader.loadInOrder(NS + ".servlet.http.HttpServlet", FILTER, SERVLET);
    assertRequestIsOneTrace(loader, true);
  }

  @Test
  void baseClassesLoadedBeforeTheApplicationsClasses() throws Exception {
    FreshClassLoader loader = freshLoader("supertype-first");
    loader.loadInOrder(SUPERTYPES);
    loader.loadInOrder(SERVLET, FILTER);
    assertRequestIsOneTrace(loader, true);
  }

  @Test
  void servletFilterAndBaseClassesLoadedFromEightThreadsAtOnce() throws Exception {
    FreshClassLoader loader = freshLoader("concurrent");
    loader.loadConcurrently(8, SERVLET, FILTER, SUPERTYPES[0], SUPERTYPES[1], SUPERTYPES[2]);
    assertRequestIsOneTrace(loader, true);
  }

  /** Loaded before the agent was installed in this JVM: woven by retransformation. */
  @Test
  void servletAndFilterLoadedBeforeTheAgentStarted() throws Exception {
    assertRequestIsOneTrace(loadedBeforeTheAgent, true);
  }

  private static FreshClassLoader freshLoader(String name) {
    return FreshClassLoader.over(name, "org.apache.catalina.startup.Tomcat", NS + ".annotation.Resource",
        SERVLET, LoadOrderTomcat.class.getName());
  }

  private void assertRequestIsOneTrace(FreshClassLoader loader, boolean withFilter) throws Exception {
    assertThat(loader.load(NS + ".servlet.http.HttpServlet").getClassLoader())
        .as("the servlet API is the fresh loader's own").isSameAs(loader);
    try (AutoCloseable tomcat = loader.newInstance(LoadOrderTomcat.class.getName(), AutoCloseable.class,
        database, SERVLET, withFilter ? FILTER : "")) {
      int port = ((IntSupplier) tomcat).getAsInt();
      HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout"))
          .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
          .timeout(Duration.ofSeconds(10))
          .build();
      HttpResponse<String> response = client.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("mug");
      assertThat(response.headers().firstValue("X-Items")).isEqualTo(withFilter ? java.util.Optional.of("2")
          : java.util.Optional.empty());

      int queries = withFilter ? 2 : 1;
      List<SpanData> spans = InProcessAgent.awaitExactly(1 + queries, Duration.ofSeconds(10));
      List<SpanData> servers = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
      assertThat(servers).as("one SERVER span in %s", spans).hasSize(1);
      SpanData server = servers.get(0);
      assertThat(server.getName()).isEqualTo("GET /checkout");
      assertThat(server.getTraceId()).as("the traceparent's trace").isEqualTo(TRACE_ID);
      assertThat(server.getParentSpanId()).as("the traceparent's span").isEqualTo(PARENT_ID);
      List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
      assertThat(clients).as("the queries in %s", spans).hasSize(queries);
      for (SpanData query : clients) {
        assertThat(query.getParentSpanId()).as("parent of %s", query).isEqualTo(server.getSpanId());
        assertThat(query.getTraceId()).isEqualTo(TRACE_ID);
      }
    }
  }
}
