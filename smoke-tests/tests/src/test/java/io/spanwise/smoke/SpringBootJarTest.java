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
import io.spanwise.smoke.support.ShopTrace;
import io.spanwise.smoke.support.ShopTrace.Caller;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Spring Boot 4 executable jar (smoke-tests/apps/spring-boot, repackaged by spring-boot-maven-plugin:
 * the application and its libraries come from Boot's nested-jar class loader). A request to a
 * {@code @RestController} that queries H2 through JdbcTemplate is one SERVER span continuing the
 * caller's trace, the query under it. A record sent with KafkaTemplate in a request and handled by a
 * {@code @KafkaListener} (Spring's consumer is its own subclass of {@code KafkaConsumer}, loaded before
 * {@code KafkaConsumer} itself) is a CONSUMER span under the PRODUCER span, with the listener's
 * database write under it; once more with {@code KafkaConsumer} loaded by name first. The SERVER span's
 * name is not checked: Spring's routes are not read yet.
 */
class SpringBootJarTest extends SmokeTest {
  private static final Pattern SHIPPED = Pattern.compile("shipped mug at offset (\\d+)");
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

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Jdk.current(), "subclass first"),
        Arguments.of(Jdk.temurin25(), "subclass first"),
        Arguments.of(Jdk.current(), "library first"));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void requestsAndListenedRecordsAreTraced(Jdk jdk, String loadOrder) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = app("spring-boot")
        .jdk(jdk)
        .jar(SmokeEnv.springBootJar())
        .env("OTEL_SERVICE_NAME", "spring-shop")
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .args("--shop.kafka=true", "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
    if (loadOrder.equals("library first")) {
      builder.args("--library-first");
    }
    ChildJvm shop = track(builder.start());
    int port = shop.awaitPort();

    // a request to a @RestController
    Caller caller = Caller.random();
    HttpResponse<String> price = Http.get(port, "/items/mug", "traceparent", caller.traceparent());
    assertThat(price.statusCode()).as(price.body()).isEqualTo(200);
    assertThat(price.body()).isEqualTo("mug 12.50");
    ReceivedSpan server = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(caller.traceId()), "a SERVER span in the caller's trace " + caller.traceId());
    ShopTrace.assertServer(server, "GET", 200L);
    assertThat(server.parentSpanId()).isEqualTo(caller.spanId());
    assertThat(server.attribute("url.path")).isEqualTo("/items/mug");
    assertThat(server.resourceAttributes()).containsEntry("service.name", "spring-shop");
    receiver.awaitSpan(ShopTrace.database(server, "FROM items"), "the query's CLIENT span under " + server);

    // a record sent in a request, handled by a @KafkaListener
    Caller orderer = Caller.random();
    HttpResponse<String> order = Http.get(port, "/orders?item=mug", "traceparent", orderer.traceparent());
    assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
    String offset = shop.awaitStdout(SHIPPED, Duration.ofSeconds(60)).group(1);
    ReceivedSpan orderServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(orderer.traceId()), "a SERVER span in the caller's trace " + orderer.traceId());
    ShopTrace.assertServer(orderServer, "GET", 200L);
    assertThat(orderServer.parentSpanId()).isEqualTo(orderer.spanId());
    ReceivedSpan send = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_PRODUCER && s.isChildOf(orderServer),
        "the PRODUCER span under " + orderServer);
    assertThat(send.name()).isEqualTo("send spring-orders");
    ReceivedSpan process = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CONSUMER && s.isChildOf(send),
        "the CONSUMER span under " + send);
    assertThat(process.name()).isEqualTo("process spring-orders");
    assertThat(process.attributes())
        .containsEntry("messaging.system", "kafka")
        .containsEntry("messaging.destination.name", "spring-orders")
        .containsEntry("messaging.operation.type", "process")
        .containsEntry("messaging.consumer.group.name", "spring-shop")
        .containsEntry("messaging.kafka.offset", Long.parseLong(offset));
    ReceivedSpan shipment = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(process),
        "the listener's database span under " + process);
    assertThat(shipment.attributes())
        .containsEntry("db.system.name", "h2database")
        .containsEntry("db.query.text", "INSERT INTO shipments (item) VALUES (?)");

    shop.stop();
    ShopTrace.assertNoOrphans(receiver);
    assertThat(receiver.spans(s -> !s.hasParent() && String.valueOf(s.attribute("db.query.text"))
        .startsWith("INSERT INTO shipments"))).as("listener writes outside the record's trace\n%s",
            receiver.describe()).isEmpty();
    assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
  }
}
