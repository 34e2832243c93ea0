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
import io.spanwise.smoke.support.SmokeTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo shop under the agent, on every JDK of {@link Jdk#all()}: what a user sees in their backend
 * for each kind of request. Spans follow the OpenTelemetry HTTP server and database conventions
 * ({@link JdbcTracesTest} looks at the database spans in detail).
 */
class DemoTracesTest extends SmokeTest {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String PARENT_SPAN_ID = "b7ad6b7169203331";
  /** The demo's log line for a checkout (smoke-tests/demo's logback.xml). */
  private static final Pattern CHECKOUT_LOG_LINE =
      Pattern.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) CheckoutServlet - checkout of 1 x book");

  static Stream<Jdk> jdks() {
    return Jdk.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void checkoutIsOneServerSpanWithTheHttpAttributesAndItsDatabaseCalls(Jdk jdk) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    HttpResponse<String> response = Http.get(port, "/checkout?item=book");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpan("GET /checkout");
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
    // under it the checkout's three database calls: stop the app so everything is flushed, then count.
    app.stop();
    assertThat(receiver.spansNamed("GET /checkout")).as(receiver.describe()).hasSize(1);
    assertThat(receiver.trace(span.traceId())).as(receiver.describe())
        .extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /checkout", "SELECT inventory", "UPDATE inventory", "INSERT orders");
    assertThat(receiver.trace(span.traceId())).filteredOn(s -> !s.name().equals("GET /checkout"))
        .allSatisfy(db -> {
          assertThat(db.kind()).isEqualTo(SPAN_KIND_CLIENT);
          assertThat(db.isChildOf(span)).as(db.toString()).isTrue();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void ordersAreNamedByTheirServletMapping(Jdk jdk) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/999").statusCode()).isEqualTo(404);

    ReceivedSpan found = receiver.awaitSpan(s -> "/orders/42".equals(s.attribute("url.path")),
        "the span of GET /orders/42");
    assertThat(found.name()).as(found.toString()).isEqualTo("GET /orders/*");
    assertThat(found.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(found.attributes())
        .containsEntry("http.route", "/orders/*")
        .containsEntry("http.response.status_code", 200L);

    ReceivedSpan missing = receiver.awaitSpan(s -> "/orders/999".equals(s.attribute("url.path")),
        "the span of GET /orders/999");
    assertThat(missing.name()).isEqualTo("GET /orders/*");
    assertThat(missing.attributes()).containsEntry("http.response.status_code", 404L);
    assertThat(missing.statusCode()).as("a 4xx is the client's error, not the server's: %s", missing)
        .isEqualTo(STATUS_CODE_UNSET);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aThrowingServletGivesAnErrorSpanWithTheException(Jdk jdk) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/fail").statusCode()).isEqualTo(500);

    ReceivedSpan span = receiver.awaitSpan("GET /fail");
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
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    HttpResponse<String> response = Http.get(port, "/orders/42",
        "traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01",
        "tracestate", "congo=t61rcWkgMzE");
    assertThat(response.statusCode()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpan("GET /orders/*");
    assertThat(span.traceId()).as(span.toString()).isEqualTo(TRACE_ID);
    assertThat(span.parentSpanId()).as(span.toString()).isEqualTo(PARENT_SPAN_ID);
    assertThat(span.spanId()).isNotEqualTo(PARENT_SPAN_ID).matches("[0-9a-f]{16}");
    assertThat(span.proto().getTraceState()).isEqualTo("congo=t61rcWkgMzE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anInvalidTraceparentStartsANewTrace(Jdk jdk) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    // An all-zero trace id is invalid per W3C trace context; the second is not a traceparent at all.
    String zeroTraceId = "00-00000000000000000000000000000000-" + PARENT_SPAN_ID + "-01";
    assertThat(Http.get(port, "/checkout?item=pen", "traceparent", zeroTraceId).statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/42", "traceparent", "garbage-" + TRACE_ID).statusCode()).isEqualTo(200);

    for (String name : new String[] {"GET /checkout", "GET /orders/*"}) {
      ReceivedSpan span = receiver.awaitSpan(name);
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
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);

    Map<String, Object> resource = receiver.awaitSpan("GET /orders/*").resourceAttributes();
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
}
