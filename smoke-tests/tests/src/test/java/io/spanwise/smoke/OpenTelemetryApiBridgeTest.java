package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeEnv;
import io.spanwise.smoke.support.SmokeTest;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application that ships its own opentelemetry-api (compiled against 1.0, run with the 1.0.0, 1.27.0
 * and 1.68.0 jars) makes manual spans, events, baggage and propagation calls inside a servlet request
 * under the built agent jar: everything lands in the request's trace, exported by the agent. One child
 * JVM per API version (the newest on Temurin 25 too), every case asserted from one OTLP capture.
 */
class OpenTelemetryApiBridgeTest extends SmokeTest {
  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("1.0.0", Jdk.current(), "keep"),
        // the agent's SDK serves the app even when it registers its own
        Arguments.of("1.27.0", Jdk.current(), "ignore"),
        Arguments.of("1.68.0", Jdk.current(), "keep"),
        Arguments.of("1.68.0", Jdk.temurin25(), "keep"));
  }

  @ParameterizedTest(name = "API {0} on {1}, application SDK: {2}")
  @MethodSource("runs")
  void manualSpansJoinTheAgentsTrace(String version, Jdk jdk, String applicationSdk) throws IOException {
    jdk.assumeInstalled();
    OtlpReceiver receiver = track(OtlpReceiver.start());
    List<Path> classPath = new ArrayList<>();
    classPath.add(SmokeEnv.otelApiAppJar());
    classPath.addAll(SmokeEnv.otelApiJars(version));
    ChildJvm app = track(app("otel-api-" + version)
        .jdk(jdk)
        .mainClass("io.spanwise.smoke.otelapi.OtelApiApp", classPath)
        .env("OTEL_SERVICE_NAME", "otel-api-app")
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200")
        .sysProp("otel.javaagent.debug", "true")
        .sysProp("spanwise.opentelemetry-api.application-sdk", applicationSdk)
        .start());
    int port = app.awaitPort();

    HttpResponse<String> response = Http.get(port, "/checkout", "baggage", "tenant=acme");
    assertThat(response.statusCode()).isEqualTo(200);
    Properties report = new Properties();
    report.load(new StringReader(response.body()));
    String body = response.body();
    assertThat(report.getProperty("failure")).as(body).isNull();

    // What the app's own API answered inside the request
    assertThat(report.getProperty("global")).as(body).startsWith("SpanwiseOpenTelemetry");
    assertThat(report.getProperty("server.valid")).as(body).isEqualTo("true");
    assertThat(report.getProperty("server.recording")).as(body).isEqualTo("true");
    assertThat(report.getProperty("baggage.in")).as(body).isEqualTo("acme");
    assertThat(report.getProperty("current.is.checkout")).as(body).isEqualTo("true");
    assertThat(report.getProperty("jdbc.rows")).as(body).isEqualTo("true");
    assertThat(report.getProperty("app.key")).as(body).isEqualTo("v1");
    assertThat(report.getProperty("thread.app.key")).as(body).isEqualTo("v1");
    String checkoutId = report.getProperty("checkout.span");
    String traceId = report.getProperty("checkout.trace");
    assertThat(report.getProperty("baggage.current.order")).as(body).isEqualTo("o-1");
    assertThat(report.getProperty("downstream.baggage")).as(body).contains("tenant=acme").contains("order=o-1");
    assertThat(report.getProperty("downstream.api.baggage.order")).as(body).isEqualTo("o-1");
    assertThat(report.getProperty("downstream.traceparent")).as(body).startsWith("00-" + traceId + "-");
    assertThat(report.getProperty("global.inject.traceparent")).as(body)
        .isEqualTo("00-" + traceId + "-" + checkoutId + "-01");
    assertThat(report.getProperty("global.inject.baggage")).as(body).contains("order=o-1");
    assertThat(report.getProperty("w3c.inject.traceparent")).as(body)
        .isEqualTo("00-" + traceId + "-" + checkoutId + "-01");
    assertThat(report.getProperty("global.extract.trace")).as(body).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    boolean api137 = !version.equals("1.0.0") && !version.equals("1.27.0");
    assertThat(report.getProperty("span.addLink")).as(body).isEqualTo(api137 ? "called" : "absent");
    assertThat(report.getProperty("tracerBuilder")).as(body).isEqualTo(version.equals("1.0.0") ? "absent" : "called");
    assertThat(report.getProperty("tracer.isEnabled")).as(body).isIn("absent", "true");

    // The app's own registration, after the request's cases
    HttpResponse<String> registered = Http.get(port, "/register");
    Properties registration = new Properties();
    registration.load(new StringReader(registered.body()));
    assertThat(registration.getProperty("register")).as(registered.body()).isEqualTo("ok");
    assertThat(registration.getProperty("own.spans")).as(registered.body())
        .isEqualTo(applicationSdk.equals("keep") ? "1" : "0");

    // What the agent exported: one trace, the expected tree
    ReceivedSpan server = receiver.awaitSpan(s -> s.name().equals("GET /checkout"), "GET /checkout");
    assertThat(server.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(server.traceId()).isEqualTo(traceId);
    assertThat(server.spanId()).isEqualTo(report.getProperty("server.span"));

    ReceivedSpan checkout = receiver.awaitSpan("process_checkout");
    assertThat(checkout.isChildOf(server)).as(receiver.describe()).isTrue();
    assertThat(checkout.spanId()).isEqualTo(checkoutId);
    assertThat(checkout.kind()).isEqualTo(SPAN_KIND_INTERNAL);
    assertThat(checkout.scopeName()).isEqualTo("shop");
    assertThat(checkout.resourceAttributes()).containsEntry("service.name", "otel-api-app");
    assertThat(checkout.attributes())
        .containsEntry("order.id", "o-1")
        .containsEntry("order.lines", 2L)
        .containsEntry("order.total", 42.5)
        .containsEntry("order.express", true)
        .containsEntry("order.skus", List.of("sku-1", "sku-2"))
        .containsEntry("order.quantities", List.of(1L, 2L))
        .containsEntry("order.prices", List.of(10.5, 21.0))
        .containsEntry("order.gifts", List.of(true, false));
    assertThat(checkout.event("cart.loaded")).hasValueSatisfying(e ->
        assertThat(ReceivedSpan.attributesOf(e)).containsEntry("cart.size", 2L));
    assertThat(checkout.event("cart.priced")).hasValueSatisfying(e ->
        assertThat(e.getTimeUnixNano()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_700_000_000_000L)));
    List<Span.Link> links = checkout.proto().getLinksList();
    if (api137) {
      assertThat(links).as("Span.addLink of API 1.37+").anySatisfy(l ->
          assertThat(hex(l.getSpanId().toByteArray())).isEqualTo("b7ad6b7169203331"));
    } else {
      assertThat(links).isEmpty();
    }

    ReceivedSpan jdbc = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.name().startsWith("SELECT"), "the query");
    assertThat(jdbc.isChildOf(checkout)).as(receiver.describe()).isTrue();

    ReceivedSpan reserve = receiver.awaitSpan("reserve_stock");
    assertThat(reserve.isChildOf(checkout)).as("@WithSpan under the manual span\n" + receiver.describe()).isTrue();
    assertThat(reserve.attribute("stock.sku")).isEqualTo("sku-1");
    ReceivedSpan update = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.name().equals("UPDATE inventory"),
        "the @WithSpan method's query");
    assertThat(update.isChildOf(reserve)).as(receiver.describe()).isTrue();
    assertThat(report.getProperty("reserved")).isEqualTo("1");

    ReceivedSpan pricing = receiver.awaitSpan("pricing.calculate");
    assertThat(pricing.isChildOf(checkout)).as("span on a pool thread\n" + receiver.describe()).isTrue();
    assertThat(report.getProperty("thread.parent")).as("Span.current() on the pool thread").isEqualTo(checkoutId);

    ReceivedSpan inventory = receiver.awaitSpan("validate_inventory.failed");
    assertThat(inventory.isChildOf(checkout)).isTrue();
    assertThat(inventory.statusCode()).isEqualTo(STATUS_CODE_ERROR);
    assertThat(inventory.statusMessage()).isEqualTo("out of stock");
    assertThat(inventory.event("exception")).hasValueSatisfying(e -> assertThat(ReceivedSpan.attributesOf(e))
        .containsEntry("exception.type", "java.lang.IllegalStateException")
        .containsEntry("exception.message", "sku-2 is out of stock"));

    ReceivedSpan timed = receiver.awaitSpan("timed");
    assertThat(timed.proto().getStartTimeUnixNano()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_700_000_100_000L));
    assertThat(timed.durationNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));

    ReceivedSpan detached = receiver.awaitSpan("detached");
    assertThat(detached.hasParent()).isFalse();
    assertThat(detached.traceId()).isNotEqualTo(traceId).isEqualTo(report.getProperty("detached.trace"));
    assertThat(detached.proto().getLinksList()).singleElement().satisfies(l -> {
      assertThat(hex(l.getSpanId().toByteArray())).isEqualTo(checkoutId);
      assertThat(hex(l.getTraceId().toByteArray())).isEqualTo(traceId);
    });

    ReceivedSpan remoteChild = receiver.awaitSpan("remote-child");
    assertThat(remoteChild.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(remoteChild.parentSpanId()).isEqualTo("b7ad6b7169203331");

    ReceivedSpan call = receiver.awaitSpan(s -> s.kind() == SPAN_KIND_CLIENT && s.isChildOf(checkout)
        && "GET".equals(s.attribute("http.request.method")), "the outgoing call");
    ReceivedSpan downstream = receiver.awaitSpan(s -> s.name().equals("GET /downstream"), "GET /downstream");
    assertThat(downstream.isChildOf(call)).isTrue();

    if (!version.equals("1.0.0")) {
      ReceivedSpan built = receiver.awaitSpan("built-by-tracerBuilder");
      assertThat(built.scopeName()).isEqualTo("shop-builder");
      assertThat(built.isChildOf(checkout)).isTrue();
    }
    if (applicationSdk.equals("ignore")) {
      receiver.awaitSpan("own-registered-span");
    }

    app.stop();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
    assertThat(exceptionOutput(app.stdoutLines())).as(app.describe()).isEmpty();
    List<String> agent = agentLines(app.stderrLines());
    assertThat(agent).as(app.describe())
        .anyMatch(l -> l.contains("instrumentations on:") && l.contains("opentelemetry-api"))
        .anyMatch(l -> l.contains("registered its own OpenTelemetry") || l.contains("GlobalOpenTelemetry.set("))
        .noneMatch(l -> l.contains("WARN") || l.contains("ERROR"));
    if (applicationSdk.equals("keep")) {
      assertThat(receiver.spansNamed("own-registered-span")).isEmpty();
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
