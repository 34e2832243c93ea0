package io.spanwise.log4jtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** {@code otel.instrumentation.log4j-context-data.enabled=false}: no Log4j class is touched, no ids. */
class Log4jContextDataDisabledTest {
  private static final Logger log = LogManager.getLogger("orders");

  @BeforeAll
  static void installAgent() {
    InProcessAgent.install(Map.of("otel.instrumentation.log4j-context-data.enabled", "false"));
  }

  @Test
  void noIdsAndTheInjectorUnchanged() throws Exception {
    Logs logs = Logs.pattern("[%X{trace_id}] %msg%n");
    Requests.inRequest(() -> log.info("in a request"));
    assertThat(logs.onlyLine()).isEqualTo("[] in a request");
    Class<?> injector = org.apache.logging.log4j.core.impl.ContextDataInjectorFactory.createInjector().getClass();
    assertThat(Instrumented.isInstrumented(injector)).as(injector.getName()).isFalse();
  }
}
