package io.spanwise.logbacktests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code otel.instrumentation.logback-mdc.enabled=false}: no Logback class is touched, no ids. */
class LogbackMdcDisabledTest {
  private static final Logger log = LoggerFactory.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.instrumentation.logback-mdc.enabled", "false"));
  }

  @Test
  void noIdsAndLoggingEventUnchanged() throws Exception {
    Logs logs = Logs.pattern("[%X{trace_id}] %msg%n");
    Requests.inRequest(() -> log.info("in a request"));
    assertThat(logs.onlyLine()).isEqualTo("[] in a request");
    assertThat(Instrumented.isInstrumented(ch.qos.logback.classic.spi.LoggingEvent.class)).isFalse();
  }
}
