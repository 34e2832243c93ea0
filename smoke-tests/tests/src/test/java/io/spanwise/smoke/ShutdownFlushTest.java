package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With an export schedule far longer than the app lives, the spans can only arrive through the flush on
 * JVM exit: the demo's {@code --self-drive} run sends its requests, calls System.exit(0), and every span
 * still reaches the collector.
 */
class ShutdownFlushTest extends SmokeTest {
  /** The traceparent the demo's self-drive sends with its last checkout. */
  static final String SELF_DRIVE_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void pendingSpansAreFlushedWhenTheAppExits() {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.bsp.schedule.delay", "60000")
        .args("--self-drive")
        .start());

    assertThat(app.waitForExit(Duration.ofSeconds(90))).as(app.describe()).isZero();

    // GET /, GET+POST /checkout, GET /orders/42, GET /summary, GET /fail, GET /checkout with a traceparent.
    List<ReceivedSpan> server = receiver.awaitMatching(s -> s.kind() == SPAN_KIND_SERVER, 7,
        "the 7 SERVER spans of the self-drive run", Duration.ofSeconds(30));
    assertThat(server).as(receiver.describe()).hasSize(7);
    List<String> names = server.stream().map(ReceivedSpan::name).collect(Collectors.toList());
    assertThat(names).contains("GET /checkout", "POST /checkout", "GET /orders/*", "GET /summary", "GET /fail");
    assertThat(receiver.spansNamed("GET /checkout")).hasSize(2);
    assertThat(server).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("GET /checkout");
      assertThat(s.traceId()).isEqualTo(SELF_DRIVE_TRACE_ID);
      assertThat(s.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    });
  }
}
