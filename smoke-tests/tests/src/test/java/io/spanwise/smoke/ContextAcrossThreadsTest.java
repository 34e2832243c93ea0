package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Context across threads through the built jar: the demo's {@code GET /summary} fans three queries out on
 * a pool of its own with {@code CompletableFuture.supplyAsync} and joins them. The application does
 * nothing to carry the trace; in the backend it is one trace, the request with its three queries.
 */
class ContextAcrossThreadsTest extends SmokeTest {
  static Stream<Jdk> jdks() {
    return Jdk.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void queriesFannedOutOnAPoolAreChildrenOfTheRequest(Jdk jdk) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(jdk, receiver).start());
    int port = app.awaitPort();

    HttpResponse<String> response = Http.get(port, "/summary");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("orders: 1, revenue: 19.99, items in stock: 3");

    ReceivedSpan request = receiver.awaitSpan("GET /summary");
    assertThat(request.kind()).isEqualTo(SPAN_KIND_SERVER);
    List<ReceivedSpan> queries = receiver.awaitMatching(
        s -> s.traceId().equals(request.traceId()) && s.kind() == SPAN_KIND_CLIENT, 3,
        "the summary's 3 queries", Duration.ofSeconds(30));
    assertThat(queries).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("SELECT orders", "SELECT orders", "SELECT inventory");
    for (ReceivedSpan query : queries) {
      assertThat(query.isChildOf(request)).as("%s is a child of %s", query, request).isTrue();
      assertThat(query.proto().getStartTimeUnixNano()).isGreaterThanOrEqualTo(request.proto().getStartTimeUnixNano());
      assertThat(query.proto().getEndTimeUnixNano()).isLessThanOrEqualTo(request.proto().getEndTimeUnixNano());
    }

    app.stop();
    assertThat(receiver.trace(request.traceId())).as(receiver.describe()).hasSize(4);
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
    assertThat(agentLines(app.stderrLines())).as(app.describe())
        .anyMatch(l -> l.contains("instrumentations on: apache-httpclient, executors, grpc, http-url-connection,"
            + " java-http-client, jdbc, jetty-httpclient, kafka, log4j-context-data, log4j-mdc, logback-mdc, methods, okhttp,"
            + " opentelemetry-api, opentelemetry-instrumentation-annotations, servlet, spring-data, spring-kafka, spring-webmvc"))
        .noneMatch(l -> l.contains("WARN"));
  }

  /** With the executors module off, each query is a trace of its own and the request has no children. */
  @Test
  void turnedOffTheQueriesAreTracesOfTheirOwn() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.instrumentation.executors.enabled", "false")
        .start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/summary").statusCode()).isEqualTo(200);
    ReceivedSpan request = receiver.awaitSpan("GET /summary");
    List<ReceivedSpan> queries = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_CLIENT && s.name().startsWith("SELECT") && !s.hasParent(), 3,
        "the summary's 3 queries, each a root", Duration.ofSeconds(30));
    assertThat(queries).noneMatch(q -> q.traceId().equals(request.traceId()));

    app.stop();
    assertThat(receiver.trace(request.traceId())).as(receiver.describe()).hasSize(1);
    assertThat(agentLines(app.stderrLines())).as(app.describe())
        .anyMatch(l -> l.contains("off: executors"));
  }
}
