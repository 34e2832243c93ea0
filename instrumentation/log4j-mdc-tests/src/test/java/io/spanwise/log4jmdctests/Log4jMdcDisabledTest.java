package io.spanwise.log4jmdctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.log4j-mdc.enabled=false}: no Log4j class is touched, no ids. */
class Log4jMdcDisabledTest {
  private static final Logger log = Logger.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.instrumentation.log4j-mdc.enabled", "false"));
  }

  @Test
  void noIdsAndLoggingEventUnchanged() throws Exception {
    Logs logs = Logs.pattern("[%X{trace_id}] %X %m%n");
    Requests.inRequest(() -> log.info("in a request"));
    assertThat(logs.onlyLine()).isEqualTo("[] {} in a request");
    assertThat(Instrumented.isInstrumented(LoggingEvent.class)).isFalse();
  }
}
