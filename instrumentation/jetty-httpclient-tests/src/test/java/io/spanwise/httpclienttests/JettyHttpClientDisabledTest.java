package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.jetty-httpclient.enabled=false}: no span, no header added. */
class JettyHttpClientDisabledTest {
  @Test
  void theSwitchTurnsJettysClientOff() throws Exception {
    InProcessAgent.install(Map.of("otel.instrumentation.jetty-httpclient.enabled", "false"));
    HttpClientContract.startWireMock();
    try {
      int status = JettyCalls.send(JettyCalls.request(JettyCalls.CLIENT, "GET",
          URI.create("http://localhost:" + HttpClientContract.wireMock.port() + "/ok"), Map.of(), null));

      assertThat(status).isEqualTo(200);
      assertThat(HttpClientContract.received("traceparent")).isEmpty();
      assertThat(InProcessAgent.awaitExactly(0, Duration.ofSeconds(1))).isEmpty();
    } finally {
      HttpClientContract.stopWireMock();
    }
  }
}
