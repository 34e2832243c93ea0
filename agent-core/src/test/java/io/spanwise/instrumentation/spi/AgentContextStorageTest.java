package io.spanwise.instrumentation.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Span handles made current and back, as {@code Context.current()} sees them: with the agent's storage
 * installed (a JVM of its own, where nothing used a context before) and with OpenTelemetry's (this JVM,
 * where other tests used one first), the same.
 */
class AgentContextStorageTest {
  private static final ContextKey<String> APP = ContextKey.named("app");

  /** What {@code Context.current()} holds after each step, in the same words whichever storage is in use. */
  static List<String> steps() {
    List<String> seen = new ArrayList<>();
    AgentSpan outer = new AgentSpan(span("00000000000000aa"), Context.current());
    outer.activate();
    outer.activate(); // twice is once
    seen.add(now());
    AgentSpan inner = new AgentSpan(span("00000000000000bb"), Context.current());
    inner.activate();
    seen.add(now());
    inner.deactivate();
    inner.deactivate(); // twice is once
    seen.add(now());
    // an application scope left open under a span: ending the span changes nothing, as with OpenTelemetry's scopes
    AgentSpan third = new AgentSpan(span("00000000000000cc"), Context.current());
    third.activate();
    Scope app = Context.current().with(APP, "open").makeCurrent();
    third.deactivate();
    seen.add(now());
    app.close();
    seen.add(now());
    app.close();
    seen.add(now());
    outer.deactivate(); // the third span is still current: nothing changes
    seen.add(now());
    return seen;
  }

  private static final List<String> EXPECTED = List.of("aa", "bb", "aa", "cc+open", "cc", "cc", "cc");

  private static Span span(String spanId) {
    return Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", spanId, TraceFlags.getSampled(),
        TraceState.getDefault()));
  }

  private static String now() {
    Context current = Context.current();
    String id = Span.fromContext(current).getSpanContext().getSpanId().substring(14);
    return current.get(APP) == null ? id : id + "+" + current.get(APP);
  }

  /** On a thread of its own: the steps leave a span current. */
  static List<String> stepsOnAThreadOfTheirOwn() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    Thread thread = new Thread(() -> seen.addAll(steps()));
    thread.start();
    thread.join();
    return seen;
  }

  @Test
  void spansAreMadeCurrentAndBackAsWithOpenTelemetrysScopes() throws Exception {
    assertThat(stepsOnAThreadOfTheirOwn()).isEqualTo(EXPECTED);
  }

  @Test
  void withTheAgentsStorageInstalledFirst() throws Exception {
    Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InstalledFirst.class.getName())
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(output).isEqualTo("installed=true " + EXPECTED + " nested=true");
    assertThat(process.exitValue()).isZero();
  }

  /** Run in a JVM of its own: the agent's storage installed before any context is used. */
  static final class InstalledFirst {
    public static void main(String[] args) throws Exception {
      boolean installed = AgentContextStorage.install();
      String result = "installed=" + (installed && AgentContextStorage.isInstalled()) + " ";
      // a second installation finds it in place
      result += stepsOnAThreadOfTheirOwn() + " nested=" + AgentContextStorage.install();
      System.out.println(result);
    }
  }
}
