package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The production recipe through the built jar: 5 % head sampling, every failed and every slow request kept
 * whole anyway. The demo's {@code /fail} throws, its {@code /checkout} waits 120 ms in the database.
 */
class ProductionSamplingTest extends SmokeTest {
  static final int FAST = 360;
  static final int FAILING = 20;
  static final int SLOW = 20;

  @Test
  void everyFailedAndSlowRequestIsKeptWholeAtFivePercent() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.traces.sampler", "traceidratio")
        .sysProp("otel.traces.sampler.arg", "0.05")
        .sysProp("spanwise.traces.keep-errors", "true")
        .sysProp("spanwise.traces.keep-slow", "GET /checkout=100ms,*=5s")
        .start());
    int port = app.awaitPort();
    assertThat(app.stderrLines()).anyMatch(l -> l.contains(
        "sampling: 5% head, keeping errors and traces slower than GET /checkout=100ms, *=5s"));

    for (int i = 0; i < FAST + FAILING + SLOW; i++) {
      String path = i % 20 == 5 ? "/fail" : i % 20 == 10 ? "/checkout?item=pen" : "/orders/42";
      int expected = path.equals("/fail") ? 500 : 200;
      assertThat(Http.get(port, path).statusCode()).as(path).isEqualTo(expected);
    }

    List<ReceivedSpan> failed = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_SERVER && s.name().equals("GET /fail"), FAILING, "every failed request",
        Duration.ofSeconds(30));
    List<ReceivedSpan> slow = receiver.awaitMatching(
        s -> s.kind() == SPAN_KIND_SERVER && s.name().equals("GET /checkout"), SLOW, "every slow request",
        Duration.ofSeconds(30));
    // Stopping runs the agent's flush at exit: whatever else it was going to export has arrived after this.
    app.stop();

    assertThat(receiver.spans(s -> s.name().equals("GET /fail"))).hasSize(FAILING);
    for (ReceivedSpan server : failed) {
      assertThat(server.statusCode()).isEqualTo(STATUS_CODE_ERROR);
      assertThat(server.attribute("spanwise.sampling.reason")).as(server.toString()).isIn("error", "head");
    }
    assertThat(failed.stream().filter(s -> "error".equals(s.attribute("spanwise.sampling.reason")))).isNotEmpty();

    assertThat(receiver.spans(s -> s.name().equals("GET /checkout"))).hasSize(SLOW);
    for (ReceivedSpan server : slow) {
      assertThat(server.attribute("spanwise.sampling.reason")).as(server.toString()).isIn("slow", "head");
      List<ReceivedSpan> trace = receiver.trace(server.traceId());
      List<ReceivedSpan> calls = trace.stream().filter(s -> s.kind() == SPAN_KIND_CLIENT).collect(Collectors.toList());
      assertThat(calls).as("the whole local trace of " + server).extracting(ReceivedSpan::name)
          .containsExactlyInAnyOrder("SELECT inventory", "UPDATE inventory", "INSERT orders");
      assertThat(calls).allSatisfy(call -> assertThat(call.isChildOf(server)).isTrue());
    }

    // the other requests: only what the 5 % head sampling kept, each with its reason
    List<ReceivedSpan> fast = receiver.spans(s -> s.kind() == SPAN_KIND_SERVER && s.name().equals("GET /orders/*"));
    assertThat(fast.size()).as("about 5 %% of %d", FAST).isLessThanOrEqualTo(45);
    assertThat(fast).allSatisfy(s -> assertThat(s.attribute("spanwise.sampling.reason")).isEqualTo("head"));
    Map<Object, Long> reasons = receiver.spans(s -> s.kind() == SPAN_KIND_SERVER).stream()
        .collect(Collectors.groupingBy(s -> String.valueOf(s.attribute("spanwise.sampling.reason")),
            Collectors.counting()));
    System.out.println("ProductionSamplingTest: SERVER spans by spanwise.sampling.reason: " + reasons);
  }

  /**
   * Two services in a row, both at 5 % keeping errors: the shipping service fails some quotes. It keeps
   * its part (its SERVER span is an error); the shop's CLIENT span is an error too (a 500 answer), so the
   * shop keeps its part although its own answer is a 200, and each failed trace arrives whole.
   */
  @Test
  void aFailedDownstreamCallKeepsBothServicesParts() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm shipping = track(fivePercentKeepingErrors(demo(Jdk.current(), receiver))
        .env("OTEL_SERVICE_NAME", "smoke-shipping").start());
    int shippingPort = shipping.awaitPort();
    ChildJvm shop = track(fivePercentKeepingErrors(demo(Jdk.current(), receiver))
        .args("--port", "0", "--shipping-url", "http://127.0.0.1:" + shippingPort).start());
    int shopPort = shop.awaitPort();

    int broken = 10;
    for (int i = 0; i < 4 * broken; i++) {
      String item = i % 4 == 1 ? "broken" : "book";
      assertThat(Http.get(shopPort, "/ship?item=" + item).statusCode()).isEqualTo(200);
    }

    List<ReceivedSpan> failedQuotes = receiver.awaitMatching(
        s -> s.name().equals("GET /quote") && s.statusCode() == STATUS_CODE_ERROR, broken,
        "the shipping service's failed quotes", Duration.ofSeconds(30));
    // Stopping runs each agent's flush at exit: the shop's parts, if kept, have arrived after this.
    shop.stop();
    shipping.stop();
    for (ReceivedSpan quote : failedQuotes) {
      List<ReceivedSpan> trace = receiver.trace(quote.traceId());
      ReceivedSpan call = trace.stream().filter(s -> s.kind() == SPAN_KIND_CLIENT).findFirst()
          .orElseThrow(() -> new AssertionError("the shop's part of " + quote + " was not kept: " + trace));
      ReceivedSpan request = trace.stream().filter(s -> s.name().equals("GET /ship")).findFirst()
          .orElseThrow(() -> new AssertionError("the shop's SERVER span of " + quote + ": " + trace));
      assertThat(quote.isChildOf(call)).as("%s under %s", quote, call).isTrue();
      assertThat(call.isChildOf(request)).as("%s under %s", call, request).isTrue();
      assertThat(call.statusCode()).isEqualTo(STATUS_CODE_ERROR);
      assertThat(call.attribute("http.response.status_code")).isEqualTo(500L);
      assertThat(request.attribute("spanwise.sampling.reason")).isIn("error", "head");
      assertThat(quote.attribute("spanwise.sampling.reason")).isIn("error", "head");
    }
    List<ReceivedSpan> goodQuotes = receiver.spans(s -> s.name().equals("GET /quote") && s.statusCode() != STATUS_CODE_ERROR);
    assertThat(goodQuotes.size()).as("about 5 %% of %d", 3 * broken).isLessThanOrEqualTo(8);
  }

  private static ChildJvm.Builder fivePercentKeepingErrors(ChildJvm.Builder app) {
    return app.sysProp("otel.traces.sampler", "parentbased_traceidratio")
        .sysProp("otel.traces.sampler.arg", "0.05")
        .sysProp("spanwise.traces.keep-errors", "true");
  }
}
