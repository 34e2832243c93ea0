package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.FreshClassLoader;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 4 and 5 are woven whatever order their classes are loaded in. Each case loads both
 * clients and the application's subclasses of them ({@code org.example.httpapp}) in a class loader of
 * its own, where nothing was loaded before, in the order the case says; then a GET through each client
 * inside a request must be one CLIENT span, child of the request, whose id WireMock receives in
 * {@code traceparent}.
 */
class LoadOrderTest {
  /** Subclasses that load the clients' classes as their supertypes. */
  private static final String[] SUBCLASSES = {
      "org.example.httpapp.AuditingHttpClient4", // loads DefaultHttpClient, AbstractHttpClient (doExecute)
      "org.example.httpapp.AuditingHttpClient5", // loads CloseableHttpClient (5)
  };
  private static final String[] SUPERTYPES = {
      "org.apache.http.impl.client.AbstractHttpClient",
      "org.apache.http.impl.client.DefaultHttpClient",
      "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
  };

  private static FreshClassLoader loadedBeforeTheAgent;
  private static WireMockServer wireMock;

  @BeforeAll
  static void loadSomeClassesThenInstallTheAgent() {
    loadedBeforeTheAgent = freshLoader("before-agent");
    loadedBeforeTheAgent.loadInOrder(SUBCLASSES);
    InProcessAgent.install();
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    wireMock.stubFor(get(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @AfterAll
  static void stopWireMock() {
    wireMock.stop();
  }

  @Test
  void subclassesLoadTheClientClassesFirst() throws Exception {
    FreshClassLoader loader = freshLoader("subclass-first");
    loader.loadInOrder(SUBCLASSES);
    assertGetsAreTracedInTheRequest(loader);
  }

  @Test
  void clientClassesLoadedBeforeTheirSubclasses() throws Exception {
    FreshClassLoader loader = freshLoader("supertype-first");
    loader.loadInOrder(SUPERTYPES);
    loader.loadInOrder(SUBCLASSES);
    assertGetsAreTracedInTheRequest(loader);
  }

  @Test
  void subclassesAndSupertypesLoadedFromEightThreadsAtOnce() throws Exception {
    FreshClassLoader loader = freshLoader("concurrent");
    loader.loadConcurrently(8, Stream.concat(Stream.of(SUBCLASSES), Stream.of(SUPERTYPES)).toArray(String[]::new));
    assertGetsAreTracedInTheRequest(loader);
  }

  /** Loaded before the agent was installed in this JVM: woven by retransformation. */
  @Test
  void classesLoadedBeforeTheAgentStarted() throws Exception {
    assertGetsAreTracedInTheRequest(loadedBeforeTheAgent);
  }

  private static FreshClassLoader freshLoader(String name) {
    return FreshClassLoader.over(name,
        "org.apache.http.impl.client.DefaultHttpClient", "org.apache.http.HttpHost",
        "org.apache.commons.logging.Log", "org.apache.commons.codec.binary.Base64",
        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient", "org.apache.hc.core5.http.HttpHost",
        "org.apache.hc.core5.http2.HttpVersionPolicy", "org.slf4j.Logger",
        "org.example.httpapp.Gets");
  }

  @SuppressWarnings("unchecked")
  private static void assertGetsAreTracedInTheRequest(FreshClassLoader loader) throws Exception {
    assertThat(loader.load("org.apache.http.impl.client.AbstractHttpClient").getClassLoader())
        .as("the clients are the fresh loader's own").isSameAs(loader);
    assertThat(loader.load("org.apache.hc.client5.http.impl.classic.CloseableHttpClient").getClassLoader())
        .isSameAs(loader);
    try (AutoCloseable gets = loader.newInstance("org.example.httpapp.Gets", AutoCloseable.class)) {
      for (String version : List.of("4", "5")) {
        wireMock.resetRequests();
        InProcessAgent.reset();
        String url = "http://localhost:" + wireMock.port() + "/ok";
        int status = Requests.inRequest(() -> ((ToIntFunction<String>) gets).applyAsInt(version + " " + url));

        assertThat(status).isEqualTo(200);
        List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
        List<SpanData> servers = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
        List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
        assertThat(servers).as("client %s: the request in %s", version, spans).hasSize(1);
        assertThat(clients).as("client %s: one CLIENT span in %s", version, spans).hasSize(1);
        SpanData client = clients.get(0);
        assertThat(client.getName()).isEqualTo("GET");
        assertThat(client.getParentSpanId()).as("client %s: parent", version).isEqualTo(servers.get(0).getSpanId());
        assertThat(client.getTraceId()).isEqualTo(servers.get(0).getTraceId());
        List<LoggedRequest> received = wireMock.findAll(anyRequestedFor(anyUrl()));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getHeader("traceparent")).as("client %s: traceparent sent", version)
            .isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
      }
    }
  }
}
