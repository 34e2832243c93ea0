package io.spanwise.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.spring-webmvc.enabled=false} (its own JVM: the surefire execution
 * {@code spring-webmvc-off}): the servlet's SERVER span keeps the servlet route.
 */
class SpringMvcSwitchedOffTest {
  @Test
  void switchedOffTheServletRouteStays() throws Exception {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.java-http-client.enabled", "false",
        "otel.instrumentation.spring-webmvc.enabled", "false"));
    SpringMvcApp app = SpringMvcApp.start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + app.port() + SpringMvcApp.CONTEXT + "/owners/7/pets/3"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("pet 3 of owner 7");

      List<SpanData> spans = InProcessAgent.awaitExactly(1, Duration.ofSeconds(10));
      assertThat(spans).hasSize(1);
      assertThat(spans.get(0).getName()).isEqualTo("GET /shop/*");
      assertThat(spans.get(0).getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/shop/*");
    } finally {
      app.stop();
    }
  }
}
