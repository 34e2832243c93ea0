package io.spanwise.testingtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.TestRequest;
import isolationapp.Greeter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness loads the agent as {@code -javaagent} does: a module whose helper reaches the agent's side,
 * or whose helper the core does not inject, fails here as it would in an application; one that keeps to
 * the rules works, and spans come back to the test as its own {@link SpanData}.
 */
class IsolationTest {
  private static final ClassLoader TEST_LOADER = IsolationTest.class.getClassLoader();

  @BeforeAll
  static void install() {
    InProcessAgent.install();
  }

  @Test
  void theAgentAndTheApplicationDoNotSeeEachOther() throws Exception {
    ClassLoader agent = InProcessAgent.agentLoader();
    assertThat(agent.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
    assertThat(Class.forName("io.spanwise.core.AgentInstaller", false, agent).getClassLoader()).isSameAs(agent);
    assertThat(Class.forName("io.spanwise.instrumentation.isolationcheck.IsolationCheckModule", false, agent)
        .getClassLoader()).isSameAs(agent);
    // the bootstrap API is the bootstrap loader's, for both
    assertThat(Class.forName("io.spanwise.bootstrap.api.Tracing", false, agent).getClassLoader()).isNull();
    assertThat(Tracing.class.getClassLoader()).isNull();
    // the agent's SDK is its own; the test's SpanData is another class
    assertThat(Class.forName("io.opentelemetry.sdk.trace.data.SpanData", false, agent)).isNotSameAs(SpanData.class);

    for (String agentSide : List.of("io.spanwise.core.AgentInstaller", "io.spanwise.instrumentation.spi.InstrumentationModule",
        "io.spanwise.instrumentation.jdbc.agent.DbTracer")) {
      assertThatThrownBy(() -> Class.forName(agentSide, false, TEST_LOADER))
          .as(agentSide + " seen from the test").isInstanceOf(ClassNotFoundException.class);
    }
    for (String applicationSide : List.of("isolationapp.Greeter", "org.junit.jupiter.api.Test",
        "io.spanwise.testing.InProcessAgent", "io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter")) {
      assertThatThrownBy(() -> Class.forName(applicationSide, false, agent))
          .as(applicationSide + " seen from the agent").isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void aHelperThatKeepsToTheRulesIsInjectedAndRuns() {
    assertThat(new Greeter().tidy()).isEqualTo("hello, tidy");
    assertThat(loadedBy(TEST_LOADER, "io.spanwise.instrumentation.isolationcheck.TidyHelper"))
        .as("the helper, injected into the application's loader").isTrue();
  }

  /**
   * Both in one test: the agent logs an advice failure at most once a minute, and the first is the
   * leaky helper's.
   */
  @Test
  void helpersThatBreakTheBoundaryFailAsInProduction() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Method redirect = Class.forName("io.spanwise.core.AgentLog", true, InProcessAgent.agentLoader())
        .getMethod("redirect", PrintStream.class);
    Object previous = redirect.invoke(null, new PrintStream(log, true, StandardCharsets.UTF_8));
    String leaky;
    String stray;
    try {
      leaky = new Greeter().leaky(); // its helper names an SPI class
      stray = new Greeter().stray(); // its helper is outside the module's packages: never injected
    } finally {
      redirect.invoke(null, previous);
    }

    assertThat(leaky).as("the advice failed and left the return value alone").isEqualTo("hello");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("NoClassDefFoundError: io/spanwise/instrumentation/spi/InstrumentationModule");
    assertThat(stray).as("the advice failed and left the return value alone").isEqualTo("hello");
    assertThatThrownBy(() -> Class.forName("io.spanwise.isolationcheckshared.StrayHelper", false, TEST_LOADER))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void spansOfTheAgentComeBackAsTheTestsOwnSpanData() {
    InProcessAgent.reset();
    ActiveSpan server = TestRequest.startServerSpan();
    try (var scope = server.makeCurrent()) {
      Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.INTERNAL, "inner").end();
    } finally {
      TestRequest.endServerSpan(server);
    }

    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    SpanData inner = spans.get(0);
    SpanData request = spans.get(1);
    assertThat(inner.getName()).isEqualTo("inner");
    assertThat(inner.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(inner.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(inner.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(request.getName()).isEqualTo("GET /orders/*");
    assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(request.getResource().getAttribute(AttributeKey.stringKey("telemetry.distro.name"))).isEqualTo("spanwise");
    assertThat(request.hasEnded()).isTrue();
  }

  private static boolean loadedBy(ClassLoader loader, String name) {
    try {
      return Class.forName(name, false, loader).getClassLoader() == loader;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
