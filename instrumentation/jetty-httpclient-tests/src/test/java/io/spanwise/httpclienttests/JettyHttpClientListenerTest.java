package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;

/**
 * Jetty's {@code send(listener)}, the way Spring's {@code RestClient} and {@code RestTemplate} send over
 * Jetty: the span ends when the listener learns the outcome, on the client's own threads.
 */
class JettyHttpClientListenerTest extends JettyClientContract {

  @Override
  int send(Request request) throws Exception {
    return JettyCalls.sendWithListener(request);
  }

  @Test
  void callsInParallelFromOneRequestAreSiblingSpansEachWithItsOwnHeader() throws Exception {
    Requests.inRequest(() -> {
      CompletableFuture<Integer> first = new CompletableFuture<>();
      CompletableFuture<Integer> second = new CompletableFuture<>();
      JettyCalls.request(JettyCalls.CLIENT, "GET", url("/ok?n=1"), Map.of(), null)
          .send(result -> first.complete(result.getResponse().getStatus()));
      JettyCalls.request(JettyCalls.CLIENT, "GET", url("/ok?n=2"), Map.of(), null)
          .send(result -> second.complete(result.getResponse().getStatus()));
      return first.get() + second.get();
    });

    SpanData server = Requests.serverSpan();
    List<SpanData> clients = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).hasSize(2).allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(server.getSpanId()));
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).extracting(r -> r.getHeader("traceparent"))
        .containsExactlyInAnyOrder(clients.stream()
            .map(c -> "00-" + c.getTraceId() + "-" + c.getSpanId() + "-01").toArray(String[]::new));
  }
}
