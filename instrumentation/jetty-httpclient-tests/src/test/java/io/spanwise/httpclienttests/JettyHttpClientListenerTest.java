package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Jetty's {@code send(listener)}, the way Spring's {@code RestClient} and {@code RestTemplate} send over
 * Jetty: the span ends when the listener learns the outcome, on the client's own threads.
 */
class JettyHttpClientListenerTest extends HttpClientContract {

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    return JettyCalls.sendWithListener(JettyCalls.request(JettyCalls.CLIENT, method, uri, headers, body));
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    return JettyCalls.sendWithListener(
        JettyCalls.withTimeout(JettyCalls.request(JettyCalls.CLIENT, "GET", uri, Map.of(), null), timeout));
  }

  @Override
  Class<? extends Throwable> refusedException() {
    return ConnectException.class;
  }

  @Override
  Class<? extends Throwable> unknownHostException() {
    return UnknownHostException.class;
  }

  @Override
  Class<? extends Throwable> timeoutException() {
    return TimeoutException.class;
  }

  @Test
  void callsInParallelFromOneRequestAreSiblingSpansEachWithItsOwnHeader() throws Exception {
    Requests.inRequest(() -> {
      var first = JettyCalls.request(JettyCalls.CLIENT, "GET", url("/ok?n=1"), Map.of(), null);
      var second = JettyCalls.request(JettyCalls.CLIENT, "GET", url("/ok?n=2"), Map.of(), null);
      var a = new java.util.concurrent.CompletableFuture<Integer>();
      var b = new java.util.concurrent.CompletableFuture<Integer>();
      first.send(result -> a.complete(result.getResponse().getStatus()));
      second.send(result -> b.complete(result.getResponse().getStatus()));
      return a.get() + b.get();
    });

    SpanData server = Requests.serverSpan();
    var clients = io.spanwise.testing.InProcessAgent.awaitExactly(3, Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT).toList();
    assertThat(clients).hasSize(2).allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(server.getSpanId()));
    assertThat(wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.anyUrl())))
        .extracting(r -> r.getHeader("traceparent"))
        .containsExactlyInAnyOrder(clients.stream()
            .map(c -> "00-" + c.getTraceId() + "-" + c.getSpanId() + "-01").toArray(String[]::new));
  }
}
