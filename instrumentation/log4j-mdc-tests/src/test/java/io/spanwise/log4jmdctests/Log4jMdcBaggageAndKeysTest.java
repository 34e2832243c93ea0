package io.spanwise.log4jmdctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.util.Map;
import org.apache.log4j.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Renamed keys ({@code otel.instrumentation.common.logging.*}) and baggage ({@code add-baggage}). */
class Log4jMdcBaggageAndKeysTest {
  private static final Logger log = Logger.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.common.logging.trace-id", "dd.trace_id",
        "otel.instrumentation.common.logging.span-id", "dd.span_id",
        "otel.instrumentation.common.logging.trace-flags", "sampled",
        "otel.instrumentation.log4j-mdc.add-baggage", "true"));
  }

  @Test
  void renamedKeysAndTheIncomingBaggageAreInTheLine() throws Exception {
    Logs logs = Logs.pattern("%X{dd.trace_id} %X{dd.span_id} %X{sampled} [%X{trace_id}]"
        + " tenant=%X{baggage.tenant} region=%X{baggage.region} %m%n");
    SpanData request = Requests.inRequest(
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "baggage", "tenant=acme,region=eu%20west"),
        () -> log.info("order placed"));
    assertThat(request.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(logs.onlyLine()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736 " + request.getSpanId()
        + " 01 [] tenant=acme region=eu west order placed");
  }

  /** An asynchronous appender: the baggage is in the event's copy of the MDC. */
  @Test
  void theBaggageTravelsWithAnAsyncAppender() throws Exception {
    Logs logs = Logs.pattern("%X{dd.trace_id} tenant=%X{baggage.tenant} %m%n", true);
    Requests.inRequest(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "baggage", "tenant=acme"), () -> log.info("queued"));
    assertThat(logs.onlyLine()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736 tenant=acme queued");
  }

  @Test
  void noBaggageOutsideASpan() {
    Logs logs = Logs.pattern("[%X{dd.trace_id}] [%X{baggage.tenant}] %m%n");
    log.info("idle");
    assertThat(logs.onlyLine()).isEqualTo("[] [] idle");
  }
}
