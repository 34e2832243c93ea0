package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.okhttp.enabled=false}: no span, no header added. */
class OkHttpDisabledTest {
  @Test
  void theSwitchTurnsOkHttpOff() throws Exception {
    InProcessAgent.install(Map.of("otel.instrumentation.okhttp.enabled", "false"));
    HttpClientContract.startWireMock();
    try {
      int status = OkHttpCalls.execute(new OkHttpClient(),
          OkHttpCalls.request("GET", java.net.URI.create("http://localhost:" + HttpClientContract.wireMock.port() + "/ok"), Map.of(), null));

      assertThat(status).isEqualTo(200);
      assertThat(HttpClientContract.received("traceparent")).isEmpty();
      assertThat(InProcessAgent.awaitExactly(0, Duration.ofSeconds(1))).isEmpty();
    } finally {
      HttpClientContract.stopWireMock();
    }
  }
}
