package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three switches, with the OpenTelemetry agent's names: turned off, a client makes no span, sends
 * no header, and (for the JDK's clients) its classes get none of the client's advice. The JDK
 * {@code HttpClient} still gets the executors module's (its own tasks are executor machinery, see
 * {@code JdkHttpClientMachineryTest}); {@code HttpURLConnection} is not changed at all.
 */
class HttpClientsDisabledTest {
  private static WireMockServer wireMock;

  @BeforeAll
  static void start() {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.java-http-client.enabled", "false",
        "otel.instrumentation.http-url-connection.enabled", "false",
        "otel.instrumentation.apache-httpclient.enabled", "false"));
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  @AfterAll
  static void stop() {
    wireMock.stop();
  }

  @Test
  void switchedOffClientsMakeNoSpanAndSendNoHeader() throws Exception {
    URI uri = URI.create("http://localhost:" + wireMock.port() + "/x");
    Requests.inRequest(() -> {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      assertThat(connection.getResponseCode()).isEqualTo(200);
      try (CloseableHttpClient apache = HttpClients.createDefault()) {
        apache.execute(new HttpGet(uri)).close();
      }
      return null;
    });

    assertThat(InProcessAgent.awaitExactly(1, Duration.ofSeconds(10))).hasSize(1); // the request's own span
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).hasSize(3)
        .allSatisfy(r -> assertThat(r.getHeaders().getHeader("traceparent").isPresent()).isFalse());
  }

  @Test
  void theJdksClientClassesAreLeftAlone() throws Exception {
    Class<?> jdkClient = Class.forName("jdk.internal.net.http.HttpClientImpl");
    assertThat(Instrumented.calls(jdkClient, "io/spanwise/bootstrap/instrumentation/httpclient/")).isFalse();
    assertThat(Instrumented.calls(jdkClient, "io/spanwise/bootstrap/api/Tracing")).as("executors' advice").isTrue();
    assertThat(Instrumented.isInstrumented(Class.forName("sun.net.www.protocol.http.HttpURLConnection"))).isFalse();
  }
}
