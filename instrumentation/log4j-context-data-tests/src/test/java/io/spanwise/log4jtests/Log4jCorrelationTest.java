package io.spanwise.log4jtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/** Default settings: {@code trace_id}, {@code span_id}, {@code trace_flags} in the rendered lines. */
class Log4jCorrelationTest {
  private static final String PATTERN = "trace=%X{trace_id} span=%X{span_id} flags=%X{trace_flags}"
      + " user=%X{user} spring=%X{traceId} baggage=%X{baggage.tenant} %msg%n";
  private static final Logger log = LogManager.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install();
  }

  @AfterEach
  void clearMdc() {
    ThreadContext.clearAll();
  }

  @Test
  void runsAgainstTheExpectedLog4j() throws Exception {
    String expected = System.getProperty("spanwise.expected.log4j", "2.25");
    String jar = org.apache.logging.log4j.core.LoggerContext.class.getProtectionDomain().getCodeSource()
        .getLocation().toString();
    assertThat(jar).as("log4j-core on the class path").contains("log4j-core-" + expected + ".");
    log.info("loads the injector");
    Class<?> injector = org.apache.logging.log4j.core.impl.ContextDataInjectorFactory.createInjector().getClass();
    assertThat(Instrumented.isInstrumented(injector)).as(injector.getName()).isTrue();
  }

  @Test
  void aLineLoggedInsideASpanCarriesItsIds() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    assertThat(logs.onlyLine()).isEqualTo("trace=" + request.getTraceId() + " span=" + request.getSpanId()
        + " flags=01 user= spring= baggage= order placed");
    assertThat(ThreadContext.getImmutableContext()).as("nothing left in the ThreadContext").isEmpty();
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
    ThreadContext.put("user", "ann");
    ThreadContext.put("trace_flags", "app");
    SpanData request = Requests.inRequest(() -> {
      log.info("first");
      ThreadContext.put("user", "bob");
      log.info("second");
    });
    log.info("after");
    String ids = "trace=" + request.getTraceId() + " span=" + request.getSpanId();
    assertThat(logs.lines()).containsExactly(
        ids + " flags=app user=ann spring= baggage= first",
        ids + " flags=app user=bob spring= baggage= second",
        "trace= span= flags=app user=bob spring= baggage= after");
    assertThat(ThreadContext.getImmutableContext()).isEqualTo(Map.of("user", "bob", "trace_flags", "app"));
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
  void anUnsampledSpanStillGivesItsIdsWithFlags00() throws Exception {
    Logs logs = Logs.pattern(PATTERN);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    // A parent that was not sampled: the request's span is not recorded, but its ids are real.
    Requests.inUnexportedRequest(Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00"),
        () -> log.info("not sampled"));
    assertThat(logs.onlyLine()).startsWith("trace=" + traceId + " span=").contains(" flags=00 ")
        .doesNotContain("span= flags");
  }

  /** Log4j's JsonTemplateLayout: the ids are in the event's {@code "mdc"} object. */
  @Test
  void aJsonLayoutCarriesTheIds() throws Exception {
    try {
      Class.forName("org.apache.logging.log4j.layout.template.json.JsonTemplateLayout");
    } catch (ClassNotFoundException e) {
      assumeTrue(false, "log4j-layout-template-json is not on this run's class path");
      return;
    }
    Logs logs = Logs.layout(JsonLayouts.mdcAndMessage());
    ThreadContext.put("user", "ann");
    SpanData request = Requests.inRequest(() -> log.info("order placed"));
    assertThat(logs.onlyLine())
        .contains("\"trace_id\":\"" + request.getTraceId() + "\"")
        .contains("\"span_id\":\"" + request.getSpanId() + "\"")
        .contains("\"trace_flags\":\"01\"")
        .contains("\"user\":\"ann\"");
  }
}
