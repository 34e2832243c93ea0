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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Outgoing HTTP through the built jar: service A (the demo shop, servlets) calls service B (a second demo
 * process, the shipping service, also under the agent) with each HTTP client. Both export to one
 * receiver; the result must be one trace: A's SERVER span, its CLIENT span, and B's SERVER span a child
 * of that CLIENT span.
 *
 * <p>One pair of services serves every client: the client is chosen per request ({@code client=} in the
 * query, which also finds the request's SERVER span), so a pair per client would only add JVM starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoServicesTest extends SmokeTest {
  private OtlpReceiver receiver;
  private ChildJvm shipping;
  private int shippingPort;
  private ChildJvm shop;
  private int shopPort;

  @BeforeAll
  void startTheServices() {
    receiver = OtlpReceiver.start();
    shipping = sharedDemo("shipping", Jdk.current(), receiver).env("OTEL_SERVICE_NAME", "smoke-shipping").start();
    shippingPort = shipping.awaitPort();
    shop = sharedDemo("shop", Jdk.current(), receiver)
        .args("--port", "0", "--shipping-url", "http://127.0.0.1:" + shippingPort)
        .start();
    shopPort = shop.awaitPort();
  }

  /** Stops both (their shutdown must print no stack trace either), then the receiver. */
  @AfterAll
  void stopTheServices() throws Exception {
    try (OtlpReceiver r = receiver; ChildJvm b = shipping; ChildJvm a = shop) {
      if (shop != null) {
        shop.stop();
        shipping.stop();
        assertThat(exceptionOutput(shop.stderrLines())).as(shop.describe()).isEmpty();
        assertThat(exceptionOutput(shipping.stderrLines())).as(shipping.describe()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java-http-client", "http-url-connection", "apache-httpclient-4", "apache-httpclient-5"})
  void serviceBsServerSpanIsAChildOfServiceAsClientSpan(String client) {
    int shopFrom = shop.stderrLines().size();
    int shippingFrom = shipping.stderrLines().size();

    HttpResponse<String> response = Http.get(shopPort, "/ship?item=book&client=" + client);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("shipping book: 4.99");

    ReceivedSpan request = receiver.awaitSpan(s -> s.name().equals("GET /ship")
        && ("item=book&client=" + client).equals(s.attribute("url.query")), "the shop's span of this request");
    ReceivedSpan quote = receiver.awaitSpan(s -> s.name().equals("GET /quote")
        && s.traceId().equals(request.traceId()), "the shipping service's span in trace " + request.traceId());
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

    // Nothing else in the trace (no second CLIENT span from a layer under the client): counted once
    // everything both services ended so far has arrived.
    awaitExportedSoFar(shippingPort, receiver);
    awaitExportedSoFar(shopPort, receiver);
    List<ReceivedSpan> trace = receiver.trace(request.traceId());
    assertThat(trace).as(receiver.describe()).extracting(ReceivedSpan::name)
        .containsExactlyInAnyOrder("GET /ship", "GET", "GET /quote");
    List<String> shopLines = shop.stderrLines();
    List<String> shippingLines = shipping.stderrLines();
    assertThat(exceptionOutput(shopLines.subList(shopFrom, shopLines.size()))).as(shop.describe()).isEmpty();
    assertThat(exceptionOutput(shippingLines.subList(shippingFrom, shippingLines.size())))
        .as(shipping.describe()).isEmpty();
  }
}
