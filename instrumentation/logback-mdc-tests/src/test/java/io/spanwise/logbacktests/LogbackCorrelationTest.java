package io.spanwise.logbacktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Default settings: {@code trace_id}, {@code span_id}, {@code trace_flags} in the rendered lines. */
class LogbackCorrelationTest {
  private static final String PATTERN = "trace=%X{trace_id} span=%X{span_id} flags=%X{trace_flags}"
      + " user=%X{user} spring=%X{traceId} baggage=%X{baggage.tenant} %msg%n";
  private static final Logger log = LoggerFactory.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void runsAgainstTheExpectedLogback() {
    String expected = System.getProperty("spanwise.expected.logback", "1.5");
    String jar = ch.qos.logback.classic.Logger.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(jar).as("logback-classic on the class path").contains("logback-classic-" + expected + ".");
    assertThat(Instrumented.isInstrumented(ch.qos.logback.classic.spi.LoggingEvent.class)).isTrue();
  }

  @Test
  void aLineLoggedInsideASpanCarriesItsIds() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    assertThat(logs.onlyLine()).isEqualTo("trace=" + request.getTraceId() + " span=" + request.getSpanId()
        + " flags=01 user= spring= baggage= order placed");
    assertThat(MDC.getCopyOfContextMap()).as("nothing left in the thread's MDC").isNullOrEmpty();
  }

  @Test
  void aLineLoggedOutsideASpanHasNoIds() {
    Logs logs = Logs.pattern(PATTERN);
    log.info("started");
    assertThat(logs.onlyLine()).isEqualTo("trace= span= flags= user= spring= baggage= started");
  }

  @Test
  void theApplicationsOwnMdcKeysStayAndWinAndAreLeftAsTheyWere() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    MDC.put("user", "ann");
    MDC.put("trace_flags", "app");
    SpanData request = Requests.inRequest(() -> {
      log.info("first");
      MDC.put("user", "bob");
      log.info("second");
    });
    log.info("after");
    String ids = "trace=" + request.getTraceId() + " span=" + request.getSpanId();
    assertThat(logs.lines()).containsExactly(
        ids + " flags=app user=ann spring= baggage= first",
        ids + " flags=app user=bob spring= baggage= second",
        "trace= span= flags=app user=bob spring= baggage= after");
    assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("user", "bob", "trace_flags", "app"));
  }

  @Test
  void aLineLoggedOnAPoolThreadOfTheRequestCarriesTheRequestsIds() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      pool.submit(() -> log.info("warm-up")).get(10, TimeUnit.SECONDS); // the worker exists before the request
      SpanData request = Requests.inRequest(() ->
          pool.submit(() -> log.info("in the pool")).get(10, TimeUnit.SECONDS));
      pool.submit(() -> log.info("after")).get(10, TimeUnit.SECONDS);
      assertThat(logs.lines()).containsExactly(
          "trace= span= flags= user= spring= baggage= warm-up",
          "trace=" + request.getTraceId() + " span=" + request.getSpanId()
              + " flags=01 user= spring= baggage= in the pool",
          "trace= span= flags= user= spring= baggage= after");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAsyncAppenderWritesTheIdsOfTheThreadThatLogged() throws Exception {
    Logs logs = Logs.pattern("%X{trace_id} %X{span_id} %msg%n", true);
    SpanData request = Requests.inRequest(() -> log.info("queued"));
    log.info("outside");
    assertThat(logs.lines()).containsExactly(
        request.getTraceId() + " " + request.getSpanId() + " queued", "  outside");
  }

  @Test
  void anUnsampledSpanStillGivesItsIdsWithFlags00() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    // A parent that was not sampled: the request's span is not recorded, but its ids are real.
    Requests.inUnexportedRequest(Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00"),
        () -> log.info("not sampled"));
    assertThat(logs.onlyLine()).startsWith("trace=" + traceId + " span=").contains(" flags=00 ")
        .doesNotContain("span= flags");
  }

  /** Logback's own JSON encoder (1.3.8+): the ids are in the event's {@code "mdc"} object. */
  @Test
  @SuppressWarnings("unchecked")
  void aJsonLayoutCarriesTheIds() throws Exception {
    Class<?> json;
    try {
      json = Class.forName("ch.qos.logback.classic.encoder.JsonEncoder");
    } catch (ClassNotFoundException e) {
      assumeTrue(false, "no JsonEncoder before Logback 1.3.8");
      return;
    }
    Logs logs = Logs.encoder((Encoder<ILoggingEvent>) json.getConstructor().newInstance());
    MDC.put("user", "ann");
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    assertThat(logs.onlyLine())
        .contains("\"trace_id\":\"" + request.getTraceId() + "\"")
        .contains("\"span_id\":\"" + request.getSpanId() + "\"")
        .contains("\"trace_flags\":\"01\"")
        .contains("\"user\":\"ann\"");
  }
}
