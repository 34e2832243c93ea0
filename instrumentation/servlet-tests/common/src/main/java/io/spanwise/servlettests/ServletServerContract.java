package io.spanwise.servlettests;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.spanwise.testing.InProcessAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the servlet instrumentation must do in every container: a subclass starts a real embedded
 * container with the test application (the {@code javax-app} or {@code jakarta-app} module, mapped as
 * its {@code TestApp} describes), and these tests drive it over real HTTP and look at the spans the
 * in-process agent exported to memory.
 *
 * <p>The agent is installed before the subclass is asked to start its container, so the container's
 * classes are woven as they load. One container per test class; the exporter is cleared before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServletServerContract {
  protected static final String USER_AGENT = "spanwise-servlet-tests/1.0";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> USER_AGENT_ORIGINAL = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  // Fixed ids for the invalid-traceparent cases (each test clears the exporter first).
  static final String SENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SENT_SPAN_ID = "00f067aa0ba902b7";
  static final String TRACESTATE = "vendor=value,other=x";

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT)
      .build();
  private RunningContainer container;

  /** Starts the container on 127.0.0.1, port 0, with the test application; the agent is installed already. */
  protected abstract RunningContainer startContainer() throws Exception;

  /** The class name of the exception the application's {@code /fail} throws. */
  protected abstract String failureType();

  /** The message of the exception the application's {@code /fail} throws. */
  protected abstract String failureMessage();

  /** {@code System.nanoTime()} when the last {@code /async} request entered the servlet. */
  protected abstract long asyncEnteredNanos();

  /** {@code System.nanoTime()} just before the last {@code /async} request's {@code complete()}. */
  protected abstract long asyncCompletedNanos();

  @BeforeAll
  final void installAgentThenStartContainer() throws Exception {
    // The driver below is the JDK HttpClient in this same JVM: its own CLIENT spans and injected headers
    // would replace the traceparent/tracestate lines each test crafts.
    InProcessAgent.install(Map.of("otel.instrumentation.java-http-client.enabled", "false"));
    container = startContainer();
  }

  @AfterAll
  final void stopContainer() throws Exception {
    if (container != null) {
      container.stop();
    }
  }

  @BeforeEach
  final void clearSpans() {
    InProcessAgent.reset();
  }

  protected final String baseUrl() {
    return "http://127.0.0.1:" + container.port();
  }

  // 1 -------------------------------------------------------------------------------------------------

  @Test
  void getMakesOneRootServerSpanWithTheHttpAttributes() {
    HttpResponse<String> response = get("/hello");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello");

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasKind(SpanKind.SERVER)
        .hasName("GET /hello")
        .hasStatus(StatusData.unset())
        .hasNoParent()
        .hasAttributesSatisfying(
            equalTo(METHOD, "GET"),
            equalTo(URL_PATH, "/hello"),
            equalTo(URL_SCHEME, "http"),
            equalTo(ROUTE, "/hello"),
            equalTo(STATUS_CODE, 200L),
            equalTo(SERVER_ADDRESS, "127.0.0.1"),
            equalTo(SERVER_PORT, (long) container.port()),
            equalTo(CLIENT_ADDRESS, "127.0.0.1"),
            equalTo(USER_AGENT_ORIGINAL, USER_AGENT),
            equalTo(PROTOCOL_VERSION, "1.1"))
        .hasAttributesSatisfying(attributes -> {
          assertThat(attributes.get(URL_QUERY)).as("url.query without a query").isNull();
          assertThat(attributes.get(ERROR_TYPE)).as("error.type on a 200").isNull();
        });
    assertThat(span.getParentSpanContext().isValid()).as("parent span context is valid").isFalse();
  }

  // 2 -------------------------------------------------------------------------------------------------

  @Test
  void pathMappingNamesTheSpanByRouteAndRedactsSensitiveQueryValues() {
    HttpResponse<String> response = get("/orders/42?token=secret&x=1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("order /42");

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasKind(SpanKind.SERVER)
        .hasName("GET /orders/*")
        .hasAttributesSatisfying(
            equalTo(ROUTE, "/orders/*"),
            equalTo(URL_PATH, "/orders/42"),
            equalTo(URL_QUERY, "token=REDACTED&x=1"),
            equalTo(STATUS_CODE, 200L));
  }

  // 3 -------------------------------------------------------------------------------------------------

  @Test
  void thrownExceptionMakesAnErrorSpanAndTheClientStillGets500() {
    HttpResponse<String> response = get("/fail");
    assertThat(response.statusCode()).as("what the application answers, agent or not").isEqualTo(500);

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasName("GET /fail")
        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(
            equalTo(STATUS_CODE, 500L),
            equalTo(ERROR_TYPE, failureType()))
        .hasEventsSatisfyingExactly(event -> event
            .hasName("exception")
            .hasAttributesSatisfying(
                equalTo(EXCEPTION_TYPE, failureType()),
                equalTo(EXCEPTION_MESSAGE, failureMessage()),
                satisfies(EXCEPTION_STACKTRACE, trace -> trace.contains("FailServlet.doGet"))));
  }

  // 4 -------------------------------------------------------------------------------------------------

  @Test
  void sendError503IsAnErrorSpan() {
    assertThat(get("/unavailable").statusCode()).isEqualTo(503);

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasName("GET /unavailable")
        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttributesSatisfying(equalTo(STATUS_CODE, 503L), equalTo(ERROR_TYPE, "503"))
        .hasTotalRecordedEvents(0);
  }

  @Test
  void status404IsNotAnErrorOnAServerSpan() {
    HttpResponse<String> response = get("/missing");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("no such thing");

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasName("GET /missing")
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(equalTo(STATUS_CODE, 404L))
        .hasAttributesSatisfying(attributes -> assertThat(attributes.get(ERROR_TYPE)).isNull());
  }

  // 5 -------------------------------------------------------------------------------------------------

  @Test
  void filterAroundServletAndForwardStillMakeOneSpanPerRequest() {
    HttpResponse<String> forwarded = get("/forward");
    assertThat(forwarded.statusCode()).isEqualTo(200);
    assertThat(forwarded.body()).as("the forward reached /hello").isEqualTo("hello");
    assertThat(forwarded.headers().firstValue("X-Filtered")).as("the filter ran").hasValue("true");
    HttpResponse<String> plain = get("/orders/7");
    assertThat(plain.headers().firstValue("X-Filtered")).as("the filter ran").hasValue("true");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, TIMEOUT);
    assertThat(spans).as("one SERVER span per request").hasSize(2);
    assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("GET /forward", "GET /orders/*");
    assertThat(spans).allSatisfy(span -> assertThat(span).hasKind(SpanKind.SERVER).hasNoParent());
    assertThat(spans).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
    SpanData forward = spans.stream().filter(s -> s.getName().equals("GET /forward")).findFirst().orElseThrow();
    assertThat(forward).hasAttributesSatisfying(
        equalTo(ROUTE, "/forward"), equalTo(URL_PATH, "/forward"), equalTo(STATUS_CODE, 200L));
  }

  // 6 -------------------------------------------------------------------------------------------------

  @Test
  void asyncRequestSpanEndsWhenTheAsyncWorkCompletes() {
    HttpResponse<String> response = get("/async");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("async done");

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span)
        .hasName("GET /async")
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(equalTo(STATUS_CODE, 200L), equalTo(ROUTE, "/async"));

    // The span started before the servlet was entered (in the filter's advice), so if it ended at or
    // after complete() its duration covers [entered, completed]. Both sides are System.nanoTime.
    long entered = asyncEnteredNanos();
    long completed = asyncCompletedNanos();
    assertThat(completed - entered).as("the app completed its async work later, from another thread")
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
        .as("span duration vs. servlet entry -> AsyncContext.complete()")
        .isGreaterThanOrEqualTo(completed - entered);
  }

  // 7 -------------------------------------------------------------------------------------------------

  @Test
  void validTraceparentContinuesTheCallersTrace() {
    String traceId = randomTraceId();
    String spanId = randomSpanId();
    assertThat(get("/hello", "traceparent", "00-" + traceId + "-" + spanId + "-01").statusCode()).isEqualTo(200);

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span).hasKind(SpanKind.SERVER).hasTraceId(traceId).hasParentSpanId(spanId).isSampled();
    assertThat(span.getParentSpanContext().isRemote()).as("parent is remote").isTrue();
    assertThat(span.getSpanId()).isNotEqualTo(spanId);
  }

  @Test
  void tracestateTravelsWithAValidTraceparent() {
    String traceId = randomTraceId();
    String spanId = randomSpanId();
    get("/hello", "traceparent", "00-" + traceId + "-" + spanId + "-01", "tracestate", TRACESTATE);

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span).hasTraceId(traceId).hasParentSpanId(spanId);
    assertThat(orderedEntries(span.getSpanContext())).containsExactly("vendor=value", "other=x");
  }

  static Stream<Arguments> invalidTraceparents() {
    String t = SENT_TRACE_ID;
    String s = SENT_SPAN_ID;
    return Stream.of(
        Arguments.of("uppercase hex", "00-" + t.toUpperCase() + "-" + s.toUpperCase() + "-01"),
        Arguments.of("all-zero trace id", "00-00000000000000000000000000000000-" + s + "-01"),
        Arguments.of("all-zero span id", "00-" + t + "-0000000000000000-01"),
        Arguments.of("version ff", "ff-" + t + "-" + s + "-01"),
        Arguments.of("trace id one short", "00-" + t.substring(1) + "-" + s + "-01"),
        Arguments.of("span id one long", "00-" + t + "-" + s + "a-01"),
        Arguments.of("extra data after version 00", "00-" + t + "-" + s + "-01-extra"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidTraceparents")
  void invalidTraceparentStartsANewTraceAndDropsTracestate(String why, String traceparent) {
    assertThat(get("/hello", "traceparent", traceparent, "tracestate", TRACESTATE).statusCode()).isEqualTo(200);

    assertNewTraceWithoutTracestate(single(InProcessAgent.awaitExactly(1, TIMEOUT)));
  }

  @Test
  void twoTraceparentHeaderLinesStartANewTrace() {
    // Raw HTTP: the header lines must reach the server as two lines, exactly as written.
    int status = rawGet("/hello",
        "traceparent: 00-" + SENT_TRACE_ID + "-" + SENT_SPAN_ID + "-01",
        "traceparent: 00-" + SENT_TRACE_ID + "-" + SENT_SPAN_ID + "-01",
        "tracestate: " + TRACESTATE);
    assertThat(status).isEqualTo(200);

    assertNewTraceWithoutTracestate(single(InProcessAgent.awaitExactly(1, TIMEOUT)));
  }

  @Test
  void higherVersionTraceparentIsParsedForwardCompatibly() {
    String traceId = randomTraceId();
    String spanId = randomSpanId();
    get("/hello", "traceparent", "01-" + traceId + "-" + spanId + "-01-extra");

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span).hasTraceId(traceId).hasParentSpanId(spanId).isSampled();
    assertThat(span.getParentSpanContext().isRemote()).isTrue();
  }

  @Test
  void unsampledParentIsNotExportedUnderTheDefaultParentBasedSampler() {
    String unsampledTrace = randomTraceId();
    assertThat(get("/hello", "traceparent", "00-" + unsampledTrace + "-" + randomSpanId() + "-00").statusCode())
        .isEqualTo(200);
    String sampledTrace = randomTraceId();
    assertThat(get("/hello", "traceparent", "00-" + sampledTrace + "-" + randomSpanId() + "-01").statusCode())
        .isEqualTo(200);

    SpanData span = single(InProcessAgent.awaitExactly(1, TIMEOUT));
    assertThat(span).as("only the sampled request's span").hasTraceId(sampledTrace);
  }

  // 8 -------------------------------------------------------------------------------------------------

  @Test
  void requestWithoutHeadersAfterATracedOneIsTheRootOfItsOwnTrace() {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String traceId = randomTraceId();
      sent.add(traceId);
      assertThat(get("/hello?n=traced" + i, "traceparent", "00-" + traceId + "-" + randomSpanId() + "-01")
          .statusCode()).isEqualTo(200);
      assertThat(get("/hello?n=plain" + i).statusCode()).isEqualTo(200);
    }

    List<SpanData> spans = InProcessAgent.awaitExactly(10, TIMEOUT);
    assertThat(spans).hasSize(10);
    Map<String, SpanData> byQuery = byQuery(spans);
    for (int i = 0; i < 5; i++) {
      assertThat(byQuery.get("n=traced" + i)).hasTraceId(sent.get(i));
      SpanData plain = byQuery.get("n=plain" + i);
      assertThat(plain).as("n=plain" + i).hasNoParent();
      assertThat(sent).as("n=plain" + i + " took a caller's trace id").doesNotContain(plain.getTraceId());
    }
    assertThat(spans).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
  }

  @Test
  void concurrentRequestsKeepTheirOwnTraces() {
    int requests = 16;
    Map<String, String> sentTraceByQuery = new HashMap<>();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String query = "n=" + i;
      String path = (i % 4 == 0 ? "/async?" : "/hello?") + query;
      if (i % 2 == 0) {
        String traceId = randomTraceId();
        sentTraceByQuery.put(query, traceId);
        responses.add(sendAsync(path, "traceparent", "00-" + traceId + "-" + randomSpanId() + "-01"));
      } else {
        responses.add(sendAsync(path));
      }
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.join().statusCode()).isEqualTo(200);
    }

    List<SpanData> spans = InProcessAgent.awaitExactly(requests, TIMEOUT);
    assertThat(spans).hasSize(requests);
    Map<String, SpanData> byQuery = byQuery(spans);
    for (int i = 0; i < requests; i++) {
      String query = "n=" + i;
      SpanData span = byQuery.get(query);
      assertThat(span).as(query).isNotNull();
      if (sentTraceByQuery.containsKey(query)) {
        assertThat(span).as(query).hasTraceId(sentTraceByQuery.get(query));
      } else {
        assertThat(span).as(query).hasNoParent();
      }
    }
    assertThat(spans).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
  }

  // helpers -------------------------------------------------------------------------------------------

  private void assertNewTraceWithoutTracestate(SpanData span) {
    assertThat(span).hasKind(SpanKind.SERVER).hasNoParent();
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isNotEqualToIgnoringCase(SENT_TRACE_ID);
    assertThat(span.getSpanContext().getTraceState().isEmpty()).as("trace state dropped: %s",
        span.getSpanContext().getTraceState()).isTrue();
  }

  private static List<String> orderedEntries(SpanContext context) {
    List<String> entries = new ArrayList<>();
    context.getTraceState().forEach((key, value) -> entries.add(key + "=" + value));
    return entries;
  }

  private static SpanData single(List<SpanData> spans) {
    assertThat(spans).as("exactly one span").hasSize(1);
    return spans.get(0);
  }

  private static Map<String, SpanData> byQuery(List<SpanData> spans) {
    Set<String> seen = new HashSet<>();
    for (SpanData span : spans) {
      assertThat(seen.add(span.getAttributes().get(URL_QUERY))).as("one span per query: %s", spans).isTrue();
    }
    return spans.stream().collect(Collectors.toMap(span -> span.getAttributes().get(URL_QUERY), span -> span));
  }

  static String randomTraceId() {
    return "4bf9" + randomHex(28); // the prefix makes it valid (non-zero) and gives it letters
  }

  static String randomSpanId() {
    return "a0f0" + randomHex(12);
  }

  private static String randomHex(int length) {
    StringBuilder hex = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
    }
    return hex.toString();
  }

  private HttpRequest request(String pathAndQuery, String... headerNamesAndValues) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
        .timeout(TIMEOUT)
        .header("User-Agent", USER_AGENT)
        .GET();
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      builder.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return builder.build();
  }

  /** A GET with these headers (name, value, name, value, ...) and the test's User-Agent. */
  protected final HttpResponse<String> get(String pathAndQuery, String... headerNamesAndValues) {
    try {
      return client.send(request(pathAndQuery, headerNamesAndValues), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String pathAndQuery, String... headerNamesAndValues) {
    return client.sendAsync(request(pathAndQuery, headerNamesAndValues), HttpResponse.BodyHandlers.ofString())
        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A GET written byte for byte on a fresh connection; returns the response's status code. */
  private int rawGet(String path, String... headerLines) {
    try (Socket socket = new Socket("127.0.0.1", container.port())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      StringBuilder request = new StringBuilder()
          .append("GET ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(container.port()).append("\r\n")
          .append("User-Agent: ").append(USER_AGENT).append("\r\n");
      for (String line : headerLines) {
        request.append(line).append("\r\n");
      }
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      if (!response.startsWith("HTTP/1.1 ")) {
        throw new AssertionError("not an HTTP/1.1 response: " + response);
      }
      return Integer.parseInt(response.substring(9, 12));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
