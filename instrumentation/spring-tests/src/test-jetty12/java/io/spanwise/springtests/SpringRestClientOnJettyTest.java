package io.spanwise.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    ActiveSpan caller = Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.INTERNAL, "caller").activate();
    String body;
    try {
      body = client.get().uri("http://127.0.0.1:" + app.port() + SpringMvcApp.CONTEXT + "/owners/7/pets/3")
          .retrieve().body(String.class);
    } finally {
      caller.end(null);
    }
    assertThat(body).isEqualTo("pet 3 of owner 7");

    List<SpanData> spans = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10));
    SpanData internal = spans.stream().filter(s -> s.getName().equals("caller")).findFirst().orElseThrow();
    List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).as("one CLIENT span for the call").hasSize(1);
    SpanData clientSpan = clients.get(0);
    assertThat(clientSpan.getName()).isEqualTo("GET");
    assertThat(clientSpan.getParentSpanId()).isEqualTo(internal.getSpanId());
    assertThat(clientSpan.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo("http://127.0.0.1:" + app.port() + SpringMvcApp.CONTEXT + "/owners/7/pets/3");
    assertThat(clientSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.getName()).isEqualTo("GET /shop/owners/{ownerId}/pets/{petId}");
    assertThat(server.getParentSpanId()).as("the server continues the CLIENT span").isEqualTo(clientSpan.getSpanId());
    assertThat(server.getTraceId()).isEqualTo(internal.getTraceId());
  }
}
