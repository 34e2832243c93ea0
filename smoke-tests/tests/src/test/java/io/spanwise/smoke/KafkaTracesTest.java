package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.kafkabroker.KafkaBroker;
import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An order placed over HTTP in one JVM, announced on a Kafka topic and shipped by another JVM (on
 * Temurin 25 when installed) that records the shipment in its database: one trace, SERVER -> PRODUCER ->
 * CONSUMER -> CLIENT, across both processes and the broker, as a backend receives it over OTLP.
 */
class KafkaTracesTest extends SmokeTest {
  private static final Pattern SHIPPED = Pattern.compile("shipping: order (\\d+) shipped");
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void anOrderIsShippedInTheTraceOfTheRequestThatPlacedIt() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    Jdk shippingJdk = Jdk.temurin25().installed() ? Jdk.temurin25() : Jdk.current();
    ChildJvm shipping = track(demo(shippingJdk, receiver)
        .env("OTEL_SERVICE_NAME", "shipping")
        .args("--kafka", broker.bootstrapServers())
        .start());
    shipping.awaitPort();
    ChildJvm shop = track(demo(Jdk.current(), receiver)
        .args("--kafka", broker.bootstrapServers(), "--no-shipping")
        .start());
    int port = shop.awaitPort();

    assertThat(Http.get(port, "/checkout?item=mug").statusCode()).isEqualTo(200);
    Matcher shipped = shipping.awaitStdout(SHIPPED, Duration.ofSeconds(60));
    String orderId = shipped.group(1);

    ReceivedSpan checkout = receiver.awaitSpan("GET /checkout");
    ReceivedSpan send = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_PRODUCER, "the send span");
    ReceivedSpan process = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CONSUMER, "the process span");
    ReceivedSpan shipment = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(process),
        "the shipment's database span");

    assertThat(checkout.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(checkout.resourceAttributes()).containsEntry("service.name", DEMO_SERVICE);
    assertThat(send.name()).isEqualTo("send orders");
    assertThat(send.isChildOf(checkout)).as("%s is a child of %s", send, checkout).isTrue();
    assertThat(send.resourceAttributes()).containsEntry("service.name", DEMO_SERVICE);
    assertThat(send.attributes())
        .containsEntry("messaging.system", "kafka")
        .containsEntry("messaging.destination.name", "orders")
        .containsEntry("messaging.operation.type", "send")
        .containsEntry("messaging.kafka.message.key", orderId)
        .containsEntry("messaging.client.id", "shop")
        .containsKey("messaging.kafka.offset");

    assertThat(process.name()).isEqualTo("process orders");
    assertThat(process.isChildOf(send)).as("%s is a child of %s", process, send).isTrue();
    assertThat(process.traceId()).isEqualTo(checkout.traceId());
    assertThat(process.resourceAttributes()).containsEntry("service.name", "shipping");
    assertThat(process.attributes())
        .containsEntry("messaging.system", "kafka")
        .containsEntry("messaging.destination.name", "orders")
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.consumer.group.name", "shipping")
        .containsEntry("messaging.destination.partition.id", "0")
        .containsEntry("messaging.kafka.message.key", orderId)
        .containsKey("messaging.kafka.offset");

    assertThat(shipment.name()).isEqualTo("MERGE shipments");
    assertThat(shipment.traceId()).isEqualTo(checkout.traceId());
    assertThat(shipment.attributes()).containsEntry("db.system.name", "h2database");

    assertThat(exceptionOutput(shop.stderrLines())).isEmpty();
    assertThat(exceptionOutput(shipping.stderrLines())).isEmpty();
  }
}
