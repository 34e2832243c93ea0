package io.spanwise.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Spring's {@code RestClient} over Jetty's {@code HttpClient}, what a Spring Boot application on Jetty gets
 * (its starter brings Jetty's client, which Spring then prefers), calling the test application on Jetty 12:
 * one CLIENT span in the caller's trace, whose context the called service continues. Runs in the
 * spring-webmvc-jetty execution (Jetty on the class path).
 */
class SpringRestClientOnJettyTest {
  private static SpringMvcApp app;
  private static HttpClient jetty;

  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install(Map.of());
    app = SpringMvcApp.start();
    jetty = new HttpClient();
    jetty.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
    }
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void restClientCallIsOneClientSpanTheServerContinues() throws Exception {
    InProcessAgent.reset();
    RestClient client = RestClient.builder().requestFactory(new JettyClientHttpRequestFactory(jetty)).build();
    String url = "http://127.0.0.1:" + app.port() + OutgoingCall.PATH;

    String body = OutgoingCall.asCaller(() -> client.get().uri(url).retrieve().body(String.class));

    assertThat(body).isEqualTo("pet 3 of owner 7");
    OutgoingCall.assertOneClientSpanTheServerContinues(url);
  }
}
