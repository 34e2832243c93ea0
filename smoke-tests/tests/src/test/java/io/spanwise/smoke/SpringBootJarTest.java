package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Status;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Spring Boot 4 (and 3) executable jar (smoke-tests/apps/spring-boot, repackaged by spring-boot-maven-plugin:
 * the application and its libraries come from Boot's nested-jar class loader). A request to a
 * {@code @RestController} that queries H2 through JdbcTemplate is one SERVER span continuing the
 * caller's trace, the query under it. A record sent with KafkaTemplate in a request and handled by a
 * {@code @KafkaListener} (Spring's consumer is its own subclass of {@code KafkaConsumer}, loaded before
 * {@code KafkaConsumer} itself) is a CONSUMER span under the PRODUCER span, with the listener's
 * database write under it; once more with {@code KafkaConsumer} loaded by name first. SERVER spans are
 * named by Spring MVC's routes; a controller's exception, Spring Data repository spans and Boot's static
 * resources and 404s are checked in the same JVMs ({@link #springMvcAndSpringData}), Actuator's health
 * endpoint and a {@code RestClient} call to a second endpoint ({@link #actuatorAndRestClient}), and a
 * batch {@code @KafkaListener} ({@link #batchListener}). The same sources built on Spring Boot 3.5
 * (smoke-tests/apps/spring-boot3) pass the same assertions, on the build's JDK only.
 *
 * <p>Log correlation is checked in the same JVMs ({@link #logLineCarriesTheIds}; a Spring Boot start costs
 * more than all the requests of a case): the line the controller logs through Logback, with Spring Boot's
 * own correlation id on one JDK and the application's own pattern with the agent's MDC keys on the other,
 * shows the request's trace id and a span of it received over OTLP. The application's logging is
 * configured only by the application's own Spring properties.
 */
class SpringBootJarTest extends SmokeTest {
  private static final Pattern SHIPPED = Pattern.compile("shipped mug at offset (\\d+)");
  private static final Pattern PACKED = Pattern.compile("packed 1 record\\(s\\)");
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

  /** The same application's sources built on Spring Boot 4 (smoke-tests/apps/spring-boot) and 3 (apps/spring-boot3). */
  enum Boot {
    BOOT_4("Boot 4.0", SmokeEnv::springBootJar),
    BOOT_3("Boot 3.5", SmokeEnv::springBoot3Jar);

    private final String label;
    private final Supplier<Path> jar;

    Boot(String label, Supplier<Path> jar) {
      this.label = label;
      this.jar = jar;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** How the application logs to the console: the ids of the current span in its lines, or not. */
  enum LogFormat {
    /** The application's logging settings as they are (nothing of the controller's at INFO). */
    AS_IS("Boot's logging as is", null),
    /** {@code logging.expect-correlation-id=true}: Boot's own format, {@code [trace-span] } before the logger name. */
    SPRING_CORRELATION_ID("Boot's correlation id",
        Pattern.compile("\\[([0-9a-f]{32})-([0-9a-f]{16})\\] .*: looking up item mug"),
        "--logging.level.springshop=INFO", "--logging.expect-correlation-id=true"),
    /** The application's own pattern with the agent's MDC keys {@code %X{trace_id}}, ... */
    OWN_PATTERN("the app's own pattern",
        Pattern.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) flags=01 looking up item mug"),
        "--logging.level.springshop=INFO",
        "--logging.pattern.console=trace_id=%X{trace_id} span_id=%X{span_id} flags=%X{trace_flags} %m%n");

    private final String label;
    /** The controller's line for {@code GET /items/mug}: group 1 the trace id, group 2 the span id. */
    final Pattern line;
    final String[] args;

    LogFormat(String label, Pattern line, String... args) {
      this.label = label;
      this.line = line;
      this.args = args;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * Boot 4 on both JDKs and both load orders; Boot 3 on the build's JDK (17) only. The log formats alternate
   * between the JDKs.
   */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Boot.BOOT_4, Jdk.current(), "subclass first", LogFormat.SPRING_CORRELATION_ID),
        Arguments.of(Boot.BOOT_4, Jdk.temurin25(), "subclass first", LogFormat.OWN_PATTERN),
        Arguments.of(Boot.BOOT_4, Jdk.current(), "library first", LogFormat.AS_IS),
        Arguments.of(Boot.BOOT_3, Jdk.current(), "subclass first", LogFormat.AS_IS));
  }

  @ParameterizedTest(name = "{0}, {1}, {2}, {3}")
  @MethodSource("cases")
  void requestsAndListenedRecordsAreTraced(Boot boot, Jdk jdk, String loadOrder, LogFormat logFormat) {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = app(boot == Boot.BOOT_4 ? "spring-boot" : "spring-boot3")
        .jdk(jdk)
        .jar(boot.jar.get())
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .args("--shop.kafka=true", "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
    if (loadOrder.equals("library first")) {
      builder.args("--library-first");
    }
    builder.args(logFormat.args);
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
    // no otel.service.name: Boot's spring.application.name, and the version from Boot's build-info
    assertThat(server.resourceAttributes())
        .containsEntry("service.name", "spring-shop-service")
        .containsEntry("service.version", "0.1.0-SNAPSHOT");
    receiver.awaitSpan(ShopTrace.database(server, "FROM items"), "the query's CLIENT span under " + server);
    assertThat(server.name()).isEqualTo("GET /items/{name}");
    assertThat(server.attribute("http.route")).isEqualTo("/items/{name}");
    if (logFormat.line != null) {
      logLineCarriesTheIds(receiver, shop, server, logFormat.line);
    }

    springMvcAndSpringData(receiver, port);
    actuatorAndRestClient(receiver, port);

    // a record sent in a request, handled by a @KafkaListener
    Caller orderer = Caller.random();
    HttpResponse<String> order = Http.get(port, "/orders?item=mug", "traceparent", orderer.traceparent());
    assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
    String offset = shop.awaitStdout(SHIPPED, Duration.ofSeconds(60)).group(1);
    ReceivedSpan orderServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(orderer.traceId()), "a SERVER span in the caller's trace " + orderer.traceId());
    ShopTrace.assertServer(orderServer, "GET", 200L);
    assertThat(orderServer.name()).isEqualTo("GET /orders");
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

    batchListener(receiver, shop, port);

    shop.stop();
    ShopTrace.assertNoOrphans(receiver);
    assertThat(receiver.spans(s -> !s.hasParent() && String.valueOf(s.attribute("db.query.text"))
        .startsWith("INSERT INTO shipments"))).as("listener writes outside the record's trace\n%s",
            receiver.describe()).isEmpty();
    assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
  }

  /**
   * The line the controller logged for {@code GET /items/mug} (the first request of a case, the only one to
   * that item) shows the trace id of the request's SERVER span and the id of a span of that trace: the
   * span current in the controller, the SERVER span or one under it should a framework span be added.
   */
  private static void logLineCarriesTheIds(OtlpReceiver receiver, ChildJvm shop, ReceivedSpan server,
      Pattern line) {
    Matcher logged = shop.awaitStdout(line, Duration.ofSeconds(30));
    assertThat(logged.group(1)).as("trace id in %s", logged.group()).isEqualTo(server.traceId());
    receiver.awaitSpan(s -> s.spanId().equals(logged.group(2)) && s.traceId().equals(server.traceId()),
        "the span " + logged.group(2) + " of the logged line, in trace " + server.traceId());
  }

  /**
   * A record sent in a request and handled by a batch listener, alone in its batch: the batch's process
   * span continues the request's trace (a batch of records from several traces starts its own, linked to
   * each), the listener's database write under it, and the record's own process span under the send.
   */
  private static void batchListener(OtlpReceiver receiver, ChildJvm shop, int port) {
    Caller packer = Caller.random();
    HttpResponse<String> pack = Http.get(port, "/packages?item=box", "traceparent", packer.traceparent());
    assertThat(pack.statusCode()).as(pack.body()).isEqualTo(200);
    shop.awaitStdout(PACKED, Duration.ofSeconds(60));
    ReceivedSpan packServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(packer.traceId()), "the SERVER span of GET /packages");
    assertThat(packServer.name()).isEqualTo("GET /packages");
    ReceivedSpan send = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_PRODUCER && s.isChildOf(packServer),
        "the PRODUCER span under " + packServer);
    assertThat(send.name()).isEqualTo("send spring-packing");
    ReceivedSpan batch = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CONSUMER && s.isChildOf(send)
        && s.attribute("messaging.batch.message_count") != null, "the batch's CONSUMER span under " + send);
    assertThat(batch.name()).isEqualTo("process spring-packing");
    assertThat(batch.attributes())
        .containsEntry("messaging.batch.message_count", 1L)
        .containsEntry("messaging.consumer.group.name", "spring-shop-packing");
    assertThat(batch.proto().getLinksList()).hasSize(1);
    ReceivedSpan record = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CONSUMER && s.isChildOf(send)
        && s.attribute("messaging.batch.message_count") == null, "the record's CONSUMER span under " + send);
    assertThat(record.name()).isEqualTo("process spring-packing");
    ReceivedSpan packed = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(batch),
        "the batch listener's database span under " + batch);
    assertThat(packed.attributes()).containsEntry("db.query.text", "INSERT INTO shipments (item) VALUES (?)");
  }

  /**
   * Actuator's health endpoint is named by its path; a RestClient call from one endpoint to another
   * (the second service) is a CLIENT span under the caller's SERVER span, whose {@code traceparent}
   * reaches the callee, the callee's SERVER span its child: one trace.
   */
  private static void actuatorAndRestClient(OtlpReceiver receiver, int port) {
    Caller probe = Caller.random();
    HttpResponse<String> health = Http.get(port, "/actuator/health", "traceparent", probe.traceparent());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(health.body()).contains("UP");
    ReceivedSpan healthServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(probe.traceId()), "the SERVER span of GET /actuator/health");
    assertThat(healthServer.name()).isEqualTo("GET /actuator/health");
    assertThat(healthServer.attribute("http.route")).isEqualTo("/actuator/health");

    Caller buyer = Caller.random();
    HttpResponse<String> stock = Http.get(port, "/stock/mug", "traceparent", buyer.traceparent());
    assertThat(stock.statusCode()).as(stock.body()).isEqualTo(200);
    ReceivedSpan stockServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(buyer.traceId()) && s.parentSpanId().equals(buyer.spanId()),
        "the SERVER span of GET /stock/mug");
    assertThat(stockServer.name()).isEqualTo("GET /stock/{item}");
    ReceivedSpan call = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(stockServer)
        && "GET".equals(s.attribute("http.request.method")), "RestClient's CLIENT span under " + stockServer);
    assertThat(call.attribute("url.full")).isEqualTo("http://127.0.0.1:" + port + "/warehouse/mug");
    assertThat(call.attribute("http.response.status_code")).isEqualTo(200L);
    ReceivedSpan warehouse = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER && s.isChildOf(call),
        "the callee's SERVER span under " + call);
    assertThat(warehouse.name()).isEqualTo("GET /warehouse/{item}");
    assertThat(warehouse.traceId()).isEqualTo(buyer.traceId());
    assertThat(stock.body()).isEqualTo(
        "stock of mug: traceparent=00-" + buyer.traceId() + "-" + call.spanId() + "-01");
  }

  /**
   * Spring MVC routes name the SERVER spans (a controller's template, {@code /**} for Boot's static
   * resources), a controller's exception is recorded as the application's type, not Spring's
   * {@code ServletException}, and Spring Data repository calls are INTERNAL spans over their SQL.
   */
  private static void springMvcAndSpringData(OtlpReceiver receiver, int port) {
    Caller reader = Caller.random();
    HttpResponse<String> owner = Http.get(port, "/owners/1", "traceparent", reader.traceparent());
    assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
    assertThat(owner.body()).isEqualTo("Ada");
    ReceivedSpan ownerServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(reader.traceId()), "the SERVER span of GET /owners/1");
    assertThat(ownerServer.name()).isEqualTo("GET /owners/{ownerId}");
    assertThat(ownerServer.attribute("http.route")).isEqualTo("/owners/{ownerId}");
    ReceivedSpan findById = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_INTERNAL && s.isChildOf(ownerServer),
        "the repository span under " + ownerServer);
    assertThat(findById.name()).isEqualTo("OwnerRepository.findById");
    assertThat(findById.attributes())
        .containsEntry("code.function.name", "springshop.OwnerRepository.findById")
        .containsEntry("code.namespace", "springshop.OwnerRepository");
    receiver.awaitSpan(ShopTrace.database(findById, "FROM \"OWNERS\""), "the repository's query under " + findById);

    Caller searcher = Caller.random();
    HttpResponse<String> byName = Http.get(port, "/owners?name=Grace", "traceparent", searcher.traceparent());
    assertThat(byName.body()).isEqualTo("1 owner(s) named Grace");
    ReceivedSpan searchServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(searcher.traceId()), "the SERVER span of GET /owners?name=Grace");
    assertThat(searchServer.name()).isEqualTo("GET /owners");
    ReceivedSpan findByName = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_INTERNAL
        && s.isChildOf(searchServer), "the repository span under " + searchServer);
    assertThat(findByName.name()).isEqualTo("OwnerRepository.findByName");
    receiver.awaitSpan(ShopTrace.database(findByName, "OWNERS"), "the derived query under " + findByName);

    Caller failing = Caller.random();
    HttpResponse<String> missing = Http.get(port, "/owners/99", "traceparent", failing.traceparent());
    assertThat(missing.statusCode()).isEqualTo(500);
    ReceivedSpan failed = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(failing.traceId()), "the SERVER span of GET /owners/99");
    assertThat(failed.name()).isEqualTo("GET /owners/{ownerId}");
    assertThat(failed.attributes())
        .containsEntry("http.route", "/owners/{ownerId}")
        .containsEntry("http.response.status_code", 500L)
        .containsEntry("error.type", "springshop.OwnerNotFoundException");
    assertThat(failed.event("exception")).isPresent();
    assertThat(ReceivedSpan.attributesOf(failed.event("exception").get()))
        .containsEntry("exception.type", "springshop.OwnerNotFoundException")
        .containsEntry("exception.message", "no owner 99");
    assertThat(receiver.spans(s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(failing.traceId())))
        .as("the error page dispatch adds no span").hasSize(1);

    Caller styled = Caller.random();
    HttpResponse<String> css = Http.get(port, "/shop.css", "traceparent", styled.traceparent());
    assertThat(css.statusCode()).isEqualTo(200);
    ReceivedSpan cssServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(styled.traceId()), "the SERVER span of GET /shop.css");
    assertThat(cssServer.name()).isEqualTo("GET /**");

    Caller lost = Caller.random();
    HttpResponse<String> notFound = Http.get(port, "/no/such/page", "traceparent", lost.traceparent());
    assertThat(notFound.statusCode()).isEqualTo(404);
    ReceivedSpan notFoundServer = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER
        && s.traceId().equals(lost.traceId()), "the SERVER span of GET /no/such/page");
    // Boot's default resource handler (/**) matched the path and found no file: named by its pattern,
    // as the OpenTelemetry agent names a Boot 404; a client error, not an ERROR span.
    assertThat(notFoundServer.attributes())
        .containsEntry("http.response.status_code", 404L)
        .containsEntry("http.route", "/**")
        .doesNotContainKey("error.type");
    assertThat(notFoundServer.name()).isEqualTo("GET /**");
    assertThat(notFoundServer.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(notFoundServer.events()).isEmpty();
    assertThat(receiver.spans(s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(lost.traceId())))
        .as("Boot's /error dispatch adds no span").hasSize(1);
  }
}
