package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_UNSET;
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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * gRPC between two JVMs through the built jar: the demo shop (A, {@code --shipping-grpc}, on the build's
 * JDK) asks a second demo process, the shipping service (B, {@code --grpc-port}, on Temurin 25 when it is
 * installed, as in {@link KafkaTracesTest}), for a quote at each checkout over gRPC (Netty-shaded,
 * grpc-java 1.85.1, a hand-written method descriptor). Neither does anything for tracing. One pair of JVMs
 * (both JDKs at the cost of one pair: the build's time is counted) makes both calls and everything is
 * checked from one OTLP capture:
 * <ul>
 *   <li>a checkout: one trace, A's {@code GET /checkout} SERVER span, its CLIENT span
 *       {@code shipping.Shipping/Quote}, B's SERVER span of the same name whose parent is that CLIENT span
 *       (the context crossed the network in the call's metadata: B echoes the {@code traceparent} it
 *       received), and B's two queries under it, one on gRPC's thread and one after the handler handed
 *       the call to its own thread pool;</li>
 *   <li>an unknown item: B answers {@code NOT_FOUND}, an ERROR on A's CLIENT span (any status but OK is,
 *       for a client) but not on B's SERVER span (for a server only UNKNOWN, DEADLINE_EXCEEDED,
 *       UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS are), {@code rpc.grpc.status_code} 5 on both.</li>
 * </ul>
 */
class GrpcTwoServicesTest extends SmokeTest {
  private static final Pattern GRPC_LISTENING =
      Pattern.compile("Shipping gRPC service listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final String QUOTE = "shipping.Shipping/Quote";
  private static final String SHIPPING_SERVICE = "smoke-shipping";

  @Test
  void aCheckoutsGrpcCallToTheShippingServiceIsOneTraceAcrossTwoJvms() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    boolean onTemurin25 = Jdk.temurin25().installed();
    Jdk shippingJdk = onTemurin25 ? Jdk.temurin25() : Jdk.current();
    ChildJvm shipping = track(demo(shippingJdk, receiver).env("OTEL_SERVICE_NAME", SHIPPING_SERVICE)
        .args("--grpc-port", "0").start());
    int grpcPort = Integer.parseInt(shipping.awaitStdout(GRPC_LISTENING, ChildJvm.START_TIMEOUT).group(1));
    ChildJvm shop = track(demo(Jdk.current(), receiver)
        .args("--shipping-grpc", "127.0.0.1:" + grpcPort).start());
    int shopPort = shop.awaitPort();

    HttpResponse<String> ok = Http.get(shopPort, "/checkout?item=book");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("1 x book").contains("shipping 5.18 EUR");
    HttpResponse<String> unknown = Http.get(shopPort, "/checkout?item=kite");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("no shipping for unknown item: kite");

    // --- the checkout ---
    ReceivedSpan checkout = receiver.awaitSpan(checkoutOf("book"), "A's SERVER span of GET /checkout?item=book");
    assertThat(checkout.hasParent()).as(checkout.toString()).isFalse();
    assertThat(checkout.resourceAttributes().get("service.name")).isEqualTo(DEMO_SERVICE);
    ReceivedSpan client = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(checkout)
        && s.name().equals(QUOTE), "A's gRPC CLIENT span under " + checkout);
    ReceivedSpan server = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER && s.isChildOf(client),
        "B's gRPC SERVER span under " + client);
    assertThat(server.name()).isEqualTo(QUOTE);
    assertThat(server.traceId()).isEqualTo(checkout.traceId());
    assertThat(server.resourceAttributes().get("service.name")).isEqualTo(SHIPPING_SERVICE);
    assertThat(String.valueOf(checkout.resourceAttributes().get("process.runtime.version")))
        .startsWith(System.getProperty("java.specification.version"));
    if (onTemurin25) {
      assertThat(String.valueOf(server.resourceAttributes().get("process.runtime.version"))).startsWith("25");
    }
    assertThat(client.attributes()).as(client.toString())
        .containsEntry("rpc.system", "grpc")
        .containsEntry("rpc.service", "shipping.Shipping")
        .containsEntry("rpc.method", "Quote")
        .containsEntry("rpc.grpc.status_code", 0L)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) grpcPort)
        .doesNotContainKey("error.type");
    assertThat(server.attributes()).as(server.toString())
        .containsEntry("rpc.system", "grpc")
        .containsEntry("rpc.service", "shipping.Shipping")
        .containsEntry("rpc.method", "Quote")
        .containsEntry("rpc.grpc.status_code", 0L)
        .doesNotContainKey("error.type");
    assertThat(client.statusCode()).isEqualTo(STATUS_CODE_UNSET);
    assertThat(server.statusCode()).isEqualTo(STATUS_CODE_UNSET);
    // What B's own interceptor read from the call's metadata names A's CLIENT span.
    assertThat(ok.body()).contains("(traceparent 00-" + client.traceId() + "-" + client.spanId() + "-01)");
    // B's queries: the lookup on gRPC's thread, the booking count on the handler's own pool.
    ReceivedSpan lookup = receiver.awaitSpan(s -> s.isChildOf(server)
        && String.valueOf(s.attribute("db.query.text")).startsWith("SELECT price_cents FROM inventory"),
        "B's lookup query under " + server);
    ReceivedSpan bookings = receiver.awaitSpan(s -> s.isChildOf(server)
        && String.valueOf(s.attribute("db.query.text")).startsWith("SELECT COUNT(*) FROM orders"),
        "B's query on its pool under " + server);
    for (ReceivedSpan query : List.of(lookup, bookings)) {
      assertThat(query.kind()).isEqualTo(SPAN_KIND_CLIENT);
      assertThat(query.attribute("db.system.name")).isEqualTo("h2database");
      assertThat(query.resourceAttributes().get("service.name")).isEqualTo(SHIPPING_SERVICE);
    }
    assertThat(Duration.ofNanos(server.durationNanos()))
        .as("B's SERVER span ends when the call closes, after the pool's query")
        .isGreaterThanOrEqualTo(Duration.ofNanos(bookings.durationNanos()));

    // --- the unknown item ---
    ReceivedSpan failedCheckout = receiver.awaitSpan(checkoutOf("kite"), "A's SERVER span of the unknown item");
    ReceivedSpan failedClient = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT
        && s.isChildOf(failedCheckout) && s.name().equals(QUOTE), "the CLIENT span under " + failedCheckout);
    ReceivedSpan failedServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.isChildOf(failedClient), "B's SERVER span under " + failedClient);
    assertThat(failedClient.statusCode()).as("NOT_FOUND is an error for the client: %s", failedClient)
        .isEqualTo(STATUS_CODE_ERROR);
    assertThat(failedClient.attributes())
        .containsEntry("rpc.grpc.status_code", 5L)
        .containsEntry("error.type", "NOT_FOUND");
    assertThat(failedServer.statusCode()).as("NOT_FOUND is not the server's error: %s", failedServer)
        .isEqualTo(STATUS_CODE_UNSET);
    assertThat(failedServer.attributes())
        .containsEntry("rpc.grpc.status_code", 5L)
        .doesNotContainKey("error.type");
    assertThat(failedCheckout.attribute("http.response.status_code")).isEqualTo(404L);

    // Both JVMs stopped, everything flushed: the two traces hold exactly these spans, nothing twice.
    shop.stop();
    shipping.stop();
    assertThat(receiver.trace(checkout.traceId())).as(receiver.describe()).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /checkout", QUOTE, QUOTE, "SELECT inventory", "SELECT orders",
            "SELECT inventory", "UPDATE inventory", "INSERT orders");
    assertThat(receiver.trace(failedCheckout.traceId())).as(receiver.describe()).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /checkout", QUOTE, QUOTE, "SELECT inventory");
    assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
    assertThat(exceptionOutput(shipping.stderrLines())).as(shipping.describe()).isEmpty();
  }

  private static Predicate<ReceivedSpan> checkoutOf(String item) {
    return s -> s.kind() == SPAN_KIND_SERVER && "/checkout".equals(s.attribute("url.path"))
        && ("item=" + item).equals(s.attribute("url.query"));
  }
}
