package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JavaHttpClientTest extends HttpClientContract {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static HttpRequest request(String method, URI uri, Map<String, String> headers, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    return builder.build();
  }

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    return CLIENT.send(request(method, uri, headers, body), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Override
  Class<? extends Throwable> refusedException() {
    return ConnectException.class;
  }

  @Override
  Class<? extends Throwable> unknownHostException() {
    return ConnectException.class;
  }

  @Override
  Class<? extends Throwable> timeoutException() {
    return HttpTimeoutException.class;
  }

  @Test
  void sendAsyncEndsWhenTheResponseArrivesAndChainedStagesRunInTheCallersContext() throws Exception {
    String[] spanInCallback = new String[1];
    String serverSpanId = Requests.inRequest(() -> {
      CompletableFuture<HttpResponse<String>> future =
          CLIENT.sendAsync(request("GET", url("/ok"), Map.of(), null), HttpResponse.BodyHandlers.ofString());
      future.thenAccept(response -> spanInCallback[0] = Tracing.currentSpanId())
          .get(10, TimeUnit.SECONDS);
      return Tracing.currentSpanId();
    });

    SpanData client = onlyClientSpan();
    assertThat(client.getParentSpanId()).isEqualTo(serverSpanId);
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(200L);
    assertThat(spanInCallback[0]).isEqualTo(serverSpanId);
    assertThat(received("traceparent")).containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }

  @Test
  void sendAsyncFailureEndsTheSpanAndTheFutureFailsAsWithoutAgent() throws Exception {
    CompletableFuture<HttpResponse<String>> future = CLIENT.sendAsync(
        request("GET", URI.create("http://no-such-host.invalid/"), Map.of(), null), HttpResponse.BodyHandlers.ofString());
    Throwable thrown = future.handle((r, e) -> e).get(10, TimeUnit.SECONDS);
    if (thrown instanceof java.util.concurrent.CompletionException) {
      thrown = thrown.getCause(); // how CompletableFuture hands a failure to a dependent stage
    }

    assertThat(thrown).isInstanceOf(ConnectException.class);
    assertFailedSpan(thrown);
  }

  @Test
  void theResponseCarriesTheRequestAsSentWithTheHeaders() throws Exception {
    HttpRequest request = request("GET", url("/ok"), Map.of("X-Mine", "1"), null);
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.request().uri()).isEqualTo(request.uri());
    assertThat(response.request().headers().firstValue("X-Mine")).contains("1");
    assertThat(request.headers().firstValue("traceparent")).isEmpty(); // the application's object is untouched
  }

  @Test
  void aClientThatFollowsNoRedirectsSendsTheApplicationsOwnRequestWithTheHeaders() throws Exception {
    // the headers go into the client's own request object, as its User-Agent does: no copy of the
    // application's request is made, and the request the response names has the application's headers
    // only, as without the agent
    HttpRequest request = request("GET", url("/ok"), Map.of("X-Mine", "1"), null);
    HttpResponse<String> response = Requests.inRequest(() -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));

    assertThat(response.request().headers().map()).containsOnlyKeys("X-Mine");
    SpanData client = onlyClientSpan();
    assertThat(received("traceparent"))
        .containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    assertThat(received("X-Mine")).containsExactly("1");
    assertThat(received("User-Agent")).singleElement().asString().startsWith("Java-http-client/");
  }

  @Test
  void aRedirectedCallCarriesTheHeadersToWhereItWasSent() throws Exception {
    wireMock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/moved"))
        .willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));
    HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();

    int status = Requests.inRequest(() ->
        following.send(request("GET", url("/moved"), Map.of(), null), HttpResponse.BodyHandlers.ofString()).statusCode());

    assertThat(status).isEqualTo(200);
    SpanData client = onlyClientSpan();
    String traceparent = "00-" + client.getTraceId() + "-" + client.getSpanId() + "-01";
    List<LoggedRequest> sent = wireMock.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).extracting(LoggedRequest::getUrl).containsExactly("/moved", "/ok");
    assertThat(sent).allSatisfy(each -> assertThat(each.getHeaders().getHeader("traceparent").values())
        .containsExactly(traceparent));
  }

  @Test
  void theFacadeCallingTheImplementationIsOneSpan() throws Exception {
    HttpClient facade = HttpClient.newHttpClient();
    facade.send(request("GET", url("/ok"), Map.of(), null), HttpResponse.BodyHandlers.discarding());
    facade.sendAsync(request("GET", url("/ok"), Map.of(), null), HttpResponse.BodyHandlers.discarding())
        .get(10, TimeUnit.SECONDS);

    List<SpanData> clients = InProcessAgent.awaitExactly(2, java.time.Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).hasSize(2);
  }
}
