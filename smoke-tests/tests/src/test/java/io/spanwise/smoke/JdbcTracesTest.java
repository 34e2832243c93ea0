package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_UNSET;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's database calls (H2 in memory, through H2's connection pool) as a user sees them in their
 * backend: CLIENT spans under the request that made them, with the database conventions.
 */
class JdbcTracesTest extends SmokeTest {

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span named '" + name + "' in " + spans));
  }

  @Test
  void aRequestsDatabaseCallsAreItsChildrenAndTheSlowQueryShows() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver).start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/checkout?item=mug").statusCode()).isEqualTo(200);
    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);

    ReceivedSpan checkout = receiver.awaitSpan("GET /checkout");
    assertThat(checkout.kind()).isEqualTo(SPAN_KIND_SERVER);
    List<ReceivedSpan> calls = receiver.awaitMatching(
        s -> s.traceId().equals(checkout.traceId()) && s.kind() == SPAN_KIND_CLIENT, 3,
        "the checkout's 3 database spans", Duration.ofSeconds(30));
    assertThat(calls).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("SELECT inventory", "UPDATE inventory", "INSERT orders");
    for (ReceivedSpan call : calls) {
      assertThat(call.isChildOf(checkout)).as("%s is a child of %s", call, checkout).isTrue();
      assertThat(call.statusCode()).isEqualTo(STATUS_CODE_UNSET);
      assertThat(call.attributes())
          .containsEntry("db.system.name", "h2database")
          .containsEntry("db.namespace", "shop")
          .doesNotContainKeys("server.address", "server.port", "error.type", "db.operation.batch.size");
      assertThat(call.proto().getStartTimeUnixNano()).isGreaterThanOrEqualTo(checkout.proto().getStartTimeUnixNano());
      assertThat(call.proto().getEndTimeUnixNano()).isLessThanOrEqualTo(checkout.proto().getEndTimeUnixNano());
    }

    ReceivedSpan lookup = named(calls, "SELECT inventory");
    assertThat(lookup.attributes())
        .containsEntry("db.operation.name", "SELECT")
        .containsEntry("db.collection.name", "inventory")
        .containsEntry("db.query.text", "SELECT price_cents, stock FROM inventory WHERE item = ? AND SLEEP(?) = ?");
    assertThat(named(calls, "UPDATE inventory").attributes())
        .containsEntry("db.operation.name", "UPDATE")
        .containsEntry("db.query.text", "UPDATE inventory SET stock = stock - ? WHERE item = ? AND stock >= ?");
    assertThat(named(calls, "INSERT orders").attributes())
        .containsEntry("db.operation.name", "INSERT")
        .containsEntry("db.collection.name", "orders")
        .containsEntry("db.query.text",
            "INSERT INTO orders (item, quantity, total_cents, payment_id) VALUES (?, ?, ?, ?)");
    // The inventory query is the bottleneck: at least its 120 ms, and the longest call.
    assertThat(Duration.ofNanos(lookup.durationNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    assertThat(calls.stream().max(Comparator.comparingLong(ReceivedSpan::durationNanos)).orElseThrow())
        .isSameAs(lookup);

    ReceivedSpan order = receiver.awaitSpan("GET /orders/*");
    ReceivedSpan read = receiver.awaitSpan(s -> s.isChildOf(order), "the order lookup's database span");
    assertThat(read.name()).isEqualTo("SELECT orders");
    assertThat(read.attributes())
        .containsEntry("db.query.text", "SELECT item, quantity, total_cents, payment_id FROM orders WHERE id = ?");

    // The schema is created at start, outside any request: a trace of its own, one span for the batch.
    ReceivedSpan schema = receiver.awaitSpan("BATCH");
    assertThat(schema.hasParent()).isFalse();
    assertThat(schema.kind()).isEqualTo(SPAN_KIND_CLIENT);
    assertThat(schema.attributes()).containsEntry("db.operation.batch.size", 5L)
        .containsEntry("db.operation.name", "BATCH");

    app.stop();
    assertThat(receiver.trace(checkout.traceId())).as(receiver.describe()).hasSize(4);
    assertThat(receiver.trace(order.traceId())).as(receiver.describe()).hasSize(2);
  }

  @Test
  void withJdbcTurnedOffARequestIsItsServerSpanOnly() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.instrumentation.jdbc.enabled", "false")
        .start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/checkout?item=book").statusCode()).isEqualTo(200);
    ReceivedSpan checkout = receiver.awaitSpan("GET /checkout");

    app.stop();
    assertThat(receiver.trace(checkout.traceId())).as(receiver.describe()).hasSize(1);
    assertThat(receiver.spans(s -> s.kind() == SPAN_KIND_CLIENT)).as(receiver.describe()).isEmpty();
    assertThat(agentLines(app.stderrLines())).as(app.describe())
        .anyMatch(l -> l.contains("instrumentations on: apache-httpclient, executors, grpc, http-url-connection, java-http-client,"
            + " jetty-httpclient, kafka, log4j-context-data, log4j-mdc, logback-mdc, methods, okhttp, opentelemetry-api, opentelemetry-instrumentation-annotations, servlet,"
            + " spring-data, spring-kafka, spring-webmvc") && l.contains("off: jdbc"));
  }

  @Test
  void withSanitizingTurnedOffTheQueryTextKeepsItsLiterals() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .env("OTEL_INSTRUMENTATION_COMMON_DB_QUERY_SANITIZATION_ENABLED", "false")
        .start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/checkout?item=pen").statusCode()).isEqualTo(200);

    ReceivedSpan lookup = receiver.awaitSpan("SELECT inventory");
    assertThat(lookup.attribute("db.query.text"))
        .isEqualTo("SELECT price_cents, stock FROM inventory WHERE item = ? AND SLEEP(0.12) = 0");
  }
}
