package io.spanwise.httpclienttests;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP client must do with the agent, against WireMock: a CLIENT span child of the current
 * request, the semantic-convention attributes, {@code traceparent} naming the CLIENT span downstream,
 * errors for 4xx/5xx and transport failures with the application's own exception, redaction.
 */
abstract class HttpClientContract {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static WireMockServer wireMock;

  /** One call as the application makes it: the status code, or the client's exception thrown. */
  abstract int call(String method, URI uri, Map<String, String> headers, String body) throws Exception;

  /** A GET that gives up waiting for the response after {@code timeout}. */
  abstract int callWithTimeout(URI uri, Duration timeout) throws Exception;

  /** What the client throws when the connection is refused / the host is unknown / it times out. */
  abstract Class<? extends Throwable> refusedException();

  abstract Class<? extends Throwable> unknownHostException();

  abstract Class<? extends Throwable> timeoutException();

  @BeforeAll
  static void startWireMock() {
    InProcessAgent.install();
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    wireMock.stubFor(any(urlPathEqualTo("/ok")).willReturn(aResponse().withStatus(200).withBody("ok")));
    wireMock.stubFor(any(urlPathEqualTo("/created")).willReturn(aResponse().withStatus(201).withBody("made")));
    wireMock.stubFor(any(urlPathEqualTo("/missing")).willReturn(aResponse().withStatus(404).withBody("no")));
    wireMock.stubFor(any(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(500).withBody("oops")));
    wireMock.stubFor(any(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
  }

  @AfterAll
  static void stopWireMock() {
    wireMock.stop();
  }

  @BeforeEach
  void reset() {
    wireMock.resetRequests();
    InProcessAgent.reset();
  }

  URI url(String pathAndQuery) {
    return URI.create("http://localhost:" + wireMock.port() + pathAndQuery);
  }

  @Test
  void getInsideARequestIsAChildClientSpanAndPropagatesItsOwnId() throws Exception {
    int status = Requests.inRequest(() -> call("GET", url("/ok?page=2"), Map.of(), null));

    assertThat(status).isEqualTo(200);
    SpanData server = Requests.serverSpan();
    SpanData client = onlyClientSpan();
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(client.getAttributes().get(METHOD)).isEqualTo("GET");
    assertThat(client.getAttributes().get(URL_FULL)).isEqualTo(url("/ok?page=2").toString());
    assertThat(client.getAttributes().get(SERVER_ADDRESS)).isEqualTo("localhost");
    assertThat(client.getAttributes().get(SERVER_PORT)).isEqualTo((long) wireMock.port());
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(200L);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isNull();
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(received("traceparent"))
        .containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }

  @Test
  void postWithABody() throws Exception {
    int status = Requests.inRequest(() -> call("POST", url("/created"), Map.of("Content-Type", "text/plain"), "hello"));

    assertThat(status).isEqualTo(201);
    SpanData client = onlyClientSpan();
    assertThat(client.getName()).isEqualTo("POST");
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(201L);
    LoggedRequest request = onlyRequest();
    assertThat(request.getBodyAsString()).isEqualTo("hello");
    assertThat(request.getHeader("traceparent")).contains(client.getSpanId());
  }

  @Test
  void withoutAnyCurrentSpanTheClientSpanIsARoot() throws Exception {
    assertThat(call("GET", url("/ok"), Map.of(), null)).isEqualTo(200);

    SpanData client = onlyClientSpan();
    assertThat(client.getParentSpanContext().isValid()).isFalse();
    assertThat(received("traceparent")).containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }

  @Test
  void notFoundIsAnError() throws Exception {
    int status = Requests.inRequest(() -> call("GET", url("/missing"), Map.of(), null));

    assertThat(status).isEqualTo(404);
    SpanData client = onlyClientSpan();
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(404L);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("404");
  }

  @Test
  void serverErrorIsAnError() throws Exception {
    assertThat(call("DELETE", url("/broken"), Map.of(), null)).isEqualTo(500);

    SpanData client = onlyClientSpan();
    assertThat(client.getName()).isEqualTo("DELETE");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("500");
  }

  @Test
  void connectionRefusedEndsTheSpanWithTheApplicationsException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable thrown = catchThrowable(() -> call("GET", URI.create("http://localhost:" + closedPort + "/x"), Map.of(), null));

    assertThat(thrown).isInstanceOf(refusedException());
    assertFailedSpan(thrown);
  }

  @Test
  void unknownHostEndsTheSpanWithTheApplicationsException() {
    Throwable thrown = catchThrowable(() -> call("GET", URI.create("http://no-such-host.invalid/x"), Map.of(), null));

    assertThat(thrown).isInstanceOf(unknownHostException());
    SpanData client = assertFailedSpan(thrown);
    assertThat(client.getAttributes().get(SERVER_ADDRESS)).isEqualTo("no-such-host.invalid");
    assertThat(client.getAttributes().get(SERVER_PORT)).isEqualTo(80L);
  }

  @Test
  void timeoutEndsTheSpanWithTheApplicationsException() {
    Throwable thrown = catchThrowable(() -> callWithTimeout(url("/slow"), Duration.ofMillis(300)));

    assertThat(thrown).isInstanceOf(timeoutException());
    assertFailedSpan(thrown);
  }

  @Test
  void sensitiveQueryValuesAreRedactedInTheSpanOnly() throws Exception {
    call("GET", url("/ok?token=s3cret&page=2&api_key=k&sig=abc"), Map.of(), null);

    assertThat(onlyClientSpan().getAttributes().get(URL_FULL))
        .isEqualTo(url("/ok?token=REDACTED&page=2&api_key=REDACTED&sig=REDACTED").toString());
    assertThat(onlyRequest().getUrl()).isEqualTo("/ok?token=s3cret&page=2&api_key=k&sig=abc");
  }

  @Test
  void aTraceparentTheApplicationSetIsSentAsItIsAndOnlyOnce() throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Requests.inRequest(() -> call("GET", url("/ok"), Map.of("traceparent", own), null));

    onlyClientSpan();
    assertThat(received("traceparent")).containsExactly(own);
  }

  SpanData assertFailedSpan(Throwable thrown) {
    SpanData client = onlyClientSpan();
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(STATUS)).isNull();
    List<EventData> events = client.getEvents();
    assertThat(events).extracting(EventData::getName).contains("exception");
    String type = events.get(0).getAttributes().get(AttributeKey.stringKey("exception.type"));
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo(type);
    // the recorded exception is the one the application got, or the cause the client wrapped
    assertThat(type).isIn(thrown.getClass().getName(),
        thrown.getCause() == null ? thrown.getClass().getName() : thrown.getCause().getClass().getName());
    return client;
  }

  static SpanData onlyClientSpan() {
    List<SpanData> clients = InProcessAgent.awaitExactly(1, Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).hasSize(1);
    return clients.get(0);
  }

  static LoggedRequest onlyRequest() {
    List<LoggedRequest> requests = wireMock.findAll(anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  static List<String> received(String header) {
    LoggedRequest request = onlyRequest();
    return request.getHeaders().getHeader(header).isPresent()
        ? request.getHeaders().getHeader(header).values() : List.of();
  }
}
