package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import jakarta.servlet.Servlet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spanwise.traces.ignore}: a servlet service (Tomcat) mapped at {@code /fanout}, {@code /health} and
 * {@code /metrics/...} calls WireMock with the JDK HttpClient. Ignored requests make no span at all and
 * start no trace, yet what came in reaches the downstream service unchanged.
 */
class IgnoredRequestsTest {
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static WireMockServer downstream;
  private static Tomcat tomcat;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install(Map.of("spanwise.traces.ignore", "POST /health, /metrics/*, bogus"));
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    Servlet servlet = (Servlet) Class.forName("org.example.fanout.FanOutServlet").getDeclaredConstructor().newInstance();
    Tomcat.addServlet(context, "fanout", servlet);
    context.addServletMappingDecoded("/fanout", "fanout");
    context.addServletMappingDecoded("/health", "fanout");
    context.addServletMappingDecoded("/metrics/*", "fanout");
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
    downstream = new WireMockServer(options().dynamicPort());
    downstream.start();
    downstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    downstream.stop();
  }

  @BeforeEach
  void reset() {
    downstream.resetRequests();
    InProcessAgent.reset();
  }

  @Test
  void anIgnoredRequestWithAContextMakesNoSpanAndPassesTheContextOnUnchanged() throws Exception {
    LoggedRequest received = drive("/health", "traceparent: " + TRACEPARENT, "tracestate: vendor=x",
        "baggage: tenant=acme");
    assertThat(received.getHeader("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(received.getHeader("tracestate")).isEqualTo("vendor=x");
    assertThat(received.getHeader("baggage")).isEqualTo("tenant=acme");
    assertNoSpans();
  }

  @Test
  void anIgnoredRequestWithoutAContextStartsNoTrace() throws Exception {
    LoggedRequest received = drive("/metrics/jvm");
    assertThat(received.containsHeader("traceparent")).as("no trace is started downstream either").isFalse();
    assertNoSpans();
  }

  @Test
  void theMethodOfARuleMustMatch() throws Exception {
    drive("/fanout");
    List<SpanData> spans = InProcessAgent.awaitSpans(2, Duration.ofSeconds(10));
    assertThat(spans).extracting(SpanData::getKind).containsExactlyInAnyOrder(SpanKind.SERVER, SpanKind.CLIENT);
  }

  private static void assertNoSpans() {
    drive0("/fanout"); // a request that is traced, to know the exporter has seen everything before it
    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("POST /fanout", "GET");
  }

  private static void drive0(String path) {
    try {
      drive(path);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** POSTs one downstream URL to the service over a raw socket, with exactly these header lines. */
  private static LoggedRequest drive(String path, String... headerLines) throws Exception {
    downstream.resetRequests();
    byte[] body = ("[\"http://localhost:" + downstream.port() + "/downstream\"]").getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket("localhost", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).as("service response").startsWith("HTTP/1.1 200");
      while (in.readLine() != null) {
        // read to the end: the service has made its call
      }
    }
    List<LoggedRequest> received = downstream.findAll(anyRequestedFor(anyUrl()));
    assertThat(received).hasSize(1);
    return received.get(0);
  }
}
