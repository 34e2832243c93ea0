package io.spanwise.log4jmdctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.log4j.Logger;
import org.apache.log4j.MDC;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Default settings: {@code trace_id}, {@code span_id}, {@code trace_flags} in the rendered lines. */
class Log4jMdcCorrelationTest {
  private static final String PATTERN = "trace=%X{trace_id} span=%X{span_id} flags=%X{trace_flags}"
      + " user=%X{user} spring=%X{traceId} baggage=%X{baggage.tenant} %m%n";
  private static final Logger log = Logger.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void runsAgainstTheExpectedLog4j() {
    String expected = System.getProperty("spanwise.expected.log4j", "log4j-1.2.17");
    String jar = Logger.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(jar).as("log4j on the class path").endsWith("/" + expected + ".jar");
    assertThat(Instrumented.isInstrumented(LoggingEvent.class)).isTrue();
  }

  @Test
  void aLineLoggedInsideASpanCarriesItsIds() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    assertThat(logs.onlyLine()).isEqualTo("trace=" + request.getTraceId() + " span=" + request.getSpanId()
        + " flags=01 user= spring= baggage= order placed");
    assertThat(MDC.getContext()).as("nothing left in the thread's MDC").isNullOrEmpty();
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
    assertThat(MDC.getContext()).isEqualTo(Map.of("user", "bob", "trace_flags", "app"));
  }

  @Test
  void anApplicationTraceIdKeepsItsValueAndNoOtherIdIsAdded() throws Exception {
    Logs logs = Logs.pattern(PATTERN + "%X%n");
    MDC.put("trace_id", "app");
    Requests.inRequest(() -> log.info("own"));
    assertThat(logs.lines()).containsExactly(
        "trace=app span= flags= user= spring= baggage= own", "{{trace_id,app}}");
  }

  /** {@code %X} alone renders the event's whole MDC, the copy {@code getMDCCopy()} made. */
  @Test
  void theWholeMdcCarriesTheIds() throws Exception {
    Logs logs = Logs.pattern("%X %m%n");
    MDC.put("user", "ann");
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    log.info("after");
    assertThat(logs.lines()).containsExactly(
        "{{span_id," + request.getSpanId() + "}{trace_flags,01}{trace_id," + request.getTraceId()
            + "}{user,ann}} order placed",
        "{{user,ann}} after");
    assertThat(MDC.getContext()).isEqualTo(Map.of("user", "ann"));
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

  /** {@code AsyncAppender} copies the MDC on the logging thread ({@code getMDCCopy}) and writes on its own. */
  @Test
  void anAsyncAppenderWritesTheIdsOfTheThreadThatLogged() throws Exception {
    Logs logs = Logs.pattern("%X{trace_id} %X{span_id} %X{user} %m%n", true);
    SpanData request = Requests.inRequest(() -> log.info("queued"));
    MDC.put("user", "ann");
    SpanData second = Requests.inRequest(() -> log.info("queued with the application's MDC"));
    log.info("outside");
    assertThat(logs.lines()).containsExactly(
        request.getTraceId() + " " + request.getSpanId() + "  queued",
        second.getTraceId() + " " + second.getSpanId() + " ann queued with the application's MDC",
        "  ann outside");
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
}
