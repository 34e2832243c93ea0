package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_UNSET;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.Shared;
import io.spanwise.smoke.support.ShopTrace.Caller;
import io.spanwise.smoke.support.SmokeTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo shop under the agent, on every JDK of {@link Jdk#all()}: what a user sees in their backend
 * for each kind of request. Spans follow the OpenTelemetry HTTP server and database conventions
 * ({@link JdbcTracesTest} looks at the database spans in detail).
 *
 * <p>One demo per JDK serves every test of the class: a JVM start costs seconds, a request milliseconds,
 * and the tests only send requests. Each finds its own spans by the trace id it sent or, where its request
 * must carry no valid {@code traceparent}, by a query only it sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTracesTest extends SmokeTest {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String PARENT_SPAN_ID = "b7ad6b7169203331";
  /** The demo's log line for a checkout (smoke-tests/demo's logback.xml). */
  private static final Pattern CHECKOUT_LOG_LINE =
      Pattern.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) CheckoutServlet - checkout of 1 x book");

  static Stream<Jdk> jdks() {
    return Jdk.all();
  }

  /** A demo JVM and the receiver it exports to. */
  record Demo(OtlpReceiver receiver, ChildJvm app, int port) implements AutoCloseable {
    @Override
    public void close() {
      try {
        app.close();
      } finally {
        receiver.close();
      }
    }
  }

  private final Shared<Jdk, Demo> demos = new Shared<>(jdk -> {
    OtlpReceiver receiver = OtlpReceiver.start();
    ChildJvm app = sharedDemo("demo-" + jdk, jdk, receiver).start();
    try {
      return new Demo(receiver, app, app.awaitPort());
    } catch (RuntimeException | Error e) {
      app.close();
      receiver.close();
      throw e;
    }
  });

  @AfterAll
  void stopTheDemos() throws Exception {
    demos.close();
  }

  /** The demo on {@code jdk} (started by the first test that asks); skips the test when it is not installed. */
  private Demo demoOn(Jdk jdk) {
    return demos.get(jdk.assumeInstalled());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void checkoutIsOneServerSpanWithTheHttpAttributesAndItsDatabaseCalls(Jdk jdk) {
    Demo demo = demoOn(jdk);
    OtlpReceiver receiver = demo.receiver();
    ChildJvm app = demo.app();
    int port = demo.port();

    // No traceparent: the request starts a trace. No other test of this class orders a book: the query
    // item=book finds this request's span (and its log line).
    HttpResponse<String> response = Http.get(port, "/checkout?item=book");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpan(s -> s.name().equals("GET /checkout") && isBookCheckout(s),
        "the span of GET /checkout?item=book");
    assertThat(span.kind()).as(span.toString()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(span.hasParent()).as("a request without traceparent starts a trace: %s", span).isFalse();
    assertThat(span.statusCode()).as(span.toString()).isEqualTo(STATUS_CODE_UNSET);
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/checkout")
        .containsEntry("url.query", "item=book")
        .containsEntry("url.scheme", "http")
        .containsEntry("http.route", "/checkout")
        .containsEntry("http.response.status_code", 200L)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) port)
        .containsEntry("client.address", "127.0.0.1")
        .containsEntry("user_agent.original", Http.USER_AGENT)
        .containsEntry("network.protocol.version", "1.1")
        .doesNotContainKey("error.type");
    // The demo's own log line (Logback, %X{trace_id} %X{span_id} in its pattern) carries the SERVER span's ids.
    Matcher logged = app.awaitStdout(CHECKOUT_LOG_LINE, Duration.ofSeconds(30));
    assertThat(logged.group(1)).as("trace id of the log line %s", logged.group()).isEqualTo(span.traceId());
    assertThat(logged.group(2)).as("span id of the log line %s", logged.group()).isEqualTo(span.spanId());
    // The span covers the whole request, including the inventory query that takes 120 ms
    // (a lower bound only: nothing here depends on how fast the machine is).
    assertThat(Duration.ofNanos(span.durationNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(120));

    // Exactly one span for the request (no second one from the filter chain or the dispatch), and
    // under it the checkout's three database calls: once everything the demo ended so far has arrived,
    // count them.
    awaitExportedSoFar(port, receiver);
    assertThat(receiver.spans(DemoTracesTest::isBookCheckout)).as(receiver.describe()).hasSize(1);
    assertThat(receiver.trace(span.traceId())).as(receiver.describe())
        .extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /checkout", "SELECT inventory", "UPDATE inventory", "INSERT orders");
    assertThat(receiver.trace(span.traceId())).filteredOn(s -> !s.name().equals("GET /checkout"))
        .allSatisfy(db -> {
          assertThat(db.kind()).isEqualTo(SPAN_KIND_CLIENT);
          assertThat(db.isChildOf(span)).as(db.toString()).isTrue();
        });
  }

  private static boolean isBookCheckout(ReceivedSpan span) {
    return "/checkout".equals(span.attribute("url.path")) && "item=book".equals(span.attribute("url.query"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void ordersAreNamedByTheirServletMapping(Jdk jdk) {
    Demo demo = demoOn(jdk);
    OtlpReceiver receiver = demo.receiver();
    int port = demo.port();

    Caller finder = Caller.random();
    Caller seeker = Caller.random();
    assertThat(Http.get(port, "/orders/42", "traceparent", finder.traceparent()).statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/999", "traceparent", seeker.traceparent()).statusCode()).isEqualTo(404);

    ReceivedSpan found = receiver.awaitSpan(serverSpanOf(finder), "the span of GET /orders/42");
    assertThat(found.name()).as(found.toString()).isEqualTo("GET /orders/*");
    assertThat(found.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(found.attributes())
        .containsEntry("url.path", "/orders/42")
        .containsEntry("http.route", "/orders/*")
        .containsEntry("http.response.status_code", 200L);

    ReceivedSpan missing = receiver.awaitSpan(serverSpanOf(seeker), "the span of GET /orders/999");
    assertThat(missing.name()).isEqualTo("GET /orders/*");
    assertThat(missing.attributes())
        .containsEntry("url.path", "/orders/999")
        .containsEntry("http.response.status_code", 404L);
    assertThat(missing.statusCode()).as("a 4xx is the client's error, not the server's: %s", missing)
        .isEqualTo(STATUS_CODE_UNSET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aThrowingServletGivesAnErrorSpanWithTheException(Jdk jdk) {
    Demo demo = demoOn(jdk);
    Caller caller = Caller.random();

    assertThat(Http.get(demo.port(), "/fail", "traceparent", caller.traceparent()).statusCode()).isEqualTo(500);

    ReceivedSpan span = demo.receiver().awaitSpan(serverSpanOf(caller), "the span of GET /fail");
    assertThat(span.name()).isEqualTo("GET /fail");
    assertThat(span.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(span.statusCode()).as(span.toString()).isEqualTo(STATUS_CODE_ERROR);
    assertThat(span.attributes())
        .containsEntry("http.route", "/fail")
        .containsEntry("http.response.status_code", 500L)
        .containsKey("error.type");
    assertThat(span.attribute("error.type")).isIn("java.lang.IllegalStateException", "500");

    Span.Event exception = span.event("exception")
        .orElseThrow(() -> new AssertionError("no 'exception' event on " + span));
    Map<String, Object> attributes = ReceivedSpan.attributesOf(exception);
    assertThat(attributes).containsEntry("exception.type", "java.lang.IllegalStateException");
    assertThat((String) attributes.get("exception.message")).contains("payment provider unavailable");
    assertThat((String) attributes.get("exception.stacktrace"))
        .contains("io.spanwise.demo.web.FailServlet.doGet");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aValidTraceparentIsContinued(Jdk jdk) {
    Demo demo = demoOn(jdk);

    HttpResponse<String> response = Http.get(demo.port(), "/orders/42",
        "traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01",
        "tracestate", "congo=t61rcWkgMzE");
    assertThat(response.statusCode()).isEqualTo(200);

    ReceivedSpan span = demo.receiver().awaitSpan(
        s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(TRACE_ID), "a SERVER span in trace " + TRACE_ID);
    assertThat(span.name()).isEqualTo("GET /orders/*");
    assertThat(span.parentSpanId()).as(span.toString()).isEqualTo(PARENT_SPAN_ID);
    assertThat(span.spanId()).isNotEqualTo(PARENT_SPAN_ID).matches("[0-9a-f]{16}");
    assertThat(span.proto().getTraceState()).isEqualTo("congo=t61rcWkgMzE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anInvalidTraceparentStartsANewTrace(Jdk jdk) {
    Demo demo = demoOn(jdk);
    int port = demo.port();

    // An all-zero trace id is invalid per W3C trace context; the second is not a traceparent at all. Their
    // queries, sent by this test only, find their spans.
    String zeroTraceId = "00-00000000000000000000000000000000-" + PARENT_SPAN_ID + "-01";
    assertThat(Http.get(port, "/checkout?item=pen", "traceparent", zeroTraceId).statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/42?test=garbage-traceparent", "traceparent", "garbage-" + TRACE_ID)
        .statusCode()).isEqualTo(200);

    Map<String, String> queries = Map.of("GET /checkout", "item=pen", "GET /orders/*", "test=garbage-traceparent");
    for (Map.Entry<String, String> request : queries.entrySet()) {
      String name = request.getKey();
      ReceivedSpan span = demo.receiver().awaitSpan(
          s -> s.name().equals(name) && request.getValue().equals(s.attribute("url.query")),
          "the span of " + name + " with the query " + request.getValue());
      assertThat(span.hasParent()).as("%s must not have a parent: %s", name, span).isFalse();
      assertThat(span.traceId()).as(span.toString())
          .matches("[0-9a-f]{32}")
          .isNotEqualTo("00000000000000000000000000000000")
          .isNotEqualTo(TRACE_ID);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void spansCarryTheResource(Jdk jdk) {
    Demo demo = demoOn(jdk);
    ChildJvm app = demo.app();
    Caller caller = Caller.random();

    assertThat(Http.get(demo.port(), "/orders/42", "traceparent", caller.traceparent()).statusCode()).isEqualTo(200);

    Map<String, Object> resource = demo.receiver().awaitSpan(serverSpanOf(caller), "the span of GET /orders/42")
        .resourceAttributes();
    assertThat(resource)
        .containsEntry("service.name", DEMO_SERVICE) // from OTEL_SERVICE_NAME
        .containsEntry("telemetry.distro.name", "spanwise")
        .containsEntry("telemetry.sdk.name", "opentelemetry")
        .containsEntry("telemetry.sdk.language", "java")
        .containsEntry("process.pid", app.pid());
    assertThat(resource.get("telemetry.sdk.version")).asString().isNotBlank();
    assertThat(resource.get("service.instance.id")).asString().isNotBlank();
    assertThat(resource.get("host.name")).asString().isNotBlank();
  }

  private static Predicate<ReceivedSpan> serverSpanOf(Caller caller) {
    return s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(caller.traceId());
  }
}
