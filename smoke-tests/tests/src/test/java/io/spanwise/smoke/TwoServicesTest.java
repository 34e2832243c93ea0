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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outgoing HTTP through the built jar: service A (the demo shop, servlets) calls service B (a second demo
 * process, the shipping service, also under the agent) with each HTTP client. Both export to one
 * receiver; the result must be one trace: A's SERVER span, its CLIENT span, and B's SERVER span a child
 * of that CLIENT span.
 */
class TwoServicesTest extends SmokeTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java-http-client", "http-url-connection", "apache-httpclient-4", "apache-httpclient-5"})
  void serviceBsServerSpanIsAChildOfServiceAsClientSpan(String client) {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm shipping = track(demo(Jdk.current(), receiver).env("OTEL_SERVICE_NAME", "smoke-shipping").start());
    int shippingPort = shipping.awaitPort();
    ChildJvm shop = track(demo(Jdk.current(), receiver)
        .args("--port", "0", "--shipping-url", "http://127.0.0.1:" + shippingPort)
        .start());
    int shopPort = shop.awaitPort();

    HttpResponse<String> response = Http.get(shopPort, "/ship?item=book&client=" + client);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("shipping book: 4.99");

    ReceivedSpan request = receiver.awaitSpan("GET /ship");
    ReceivedSpan quote = receiver.awaitSpan("GET /quote");
    ReceivedSpan call = receiver.awaitSpan(
        s -> s.kind() == SPAN_KIND_CLIENT && s.traceId().equals(request.traceId()) && s.name().equals("GET"),
        "the shop's CLIENT span");
    assertThat(request.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(request.resourceAttributes().get("service.name")).isEqualTo(DEMO_SERVICE);
    assertThat(quote.resourceAttributes().get("service.name")).isEqualTo("smoke-shipping");
    assertThat(call.isChildOf(request)).as("%s is a child of %s", call, request).isTrue();
    assertThat(quote.traceId()).isEqualTo(request.traceId());
    assertThat(quote.isChildOf(call)).as("%s is a child of %s", quote, call).isTrue();
    assertThat(call.attribute("url.full")).isEqualTo("http://127.0.0.1:" + shippingPort + "/quote?item=book");
    assertThat(call.attribute("server.port")).isEqualTo((long) shippingPort);
    assertThat(call.attribute("http.response.status_code")).isEqualTo(200L);
    // what B received names A's CLIENT span (the quote echoes its traceparent)
    assertThat(response.body()).contains("00-" + call.traceId() + "-" + call.spanId() + "-01");

    shop.stop();
    shipping.stop();
    List<ReceivedSpan> trace = receiver.trace(request.traceId());
    assertThat(trace).as(receiver.describe()).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /ship", "GET", "GET /quote");
    assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
    assertThat(exceptionOutput(shipping.stderrLines())).as(shipping.describe()).isEmpty();
  }
}
