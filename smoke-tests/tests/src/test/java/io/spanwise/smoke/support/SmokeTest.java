package io.spanwise.smoke.support;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the smoke tests: what a test starts it {@link #track}s, and everything tracked is closed after
 * the test, newest first (child JVMs before the receivers they export to).
 */
public abstract class SmokeTest {
  /** The service name the demo gets from OTEL_SERVICE_NAME unless a test says otherwise. */
  protected static final String DEMO_SERVICE = "smoke-demo";

  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.<>/-]+\\(.*\\)\\s*$");

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private String testName = getClass().getSimpleName();

  @BeforeEach
  void rememberTestName(TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    String display = info.getDisplayName();
    testName = getClass().getSimpleName() + "." + method
        + (display.startsWith("[") || display.contains("=") || display.contains(" ") ? "-" + display : "");
  }

  /** A child JVM named after the running test (its logs are target/smoke-logs/<test>-<app>-<n>.*). */
  protected ChildJvm.Builder app(String app) {
    return ChildJvm.builder(testName + "-" + app);
  }

  protected <T extends AutoCloseable> T track(T resource) {
    resources.push(resource);
    return resource;
  }

  @AfterEach
  void closeTracked() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The demo shop under the agent, exporting to {@code receiver} every 200 ms. */
  protected ChildJvm.Builder demo(Jdk jdk, TraceReceiver receiver) {
    return demo(app("demo"), jdk, receiver);
  }

  /**
   * The same for a demo the tests of this class share ({@link Shared}): its logs are named after the class
   * ({@code target/smoke-logs/<class>-<name>-<n>.*}), not after the test that happened to start it.
   */
  protected ChildJvm.Builder sharedDemo(String name, Jdk jdk, TraceReceiver receiver) {
    return demo(ChildJvm.builder(getClass().getSimpleName() + "-" + name), jdk, receiver);
  }

  private static ChildJvm.Builder demo(ChildJvm.Builder builder, Jdk jdk, TraceReceiver receiver) {
    return builder
        .jdk(jdk)
        .jar(SmokeEnv.demoJar())
        .args("--port", "0")
        .env("OTEL_SERVICE_NAME", DEMO_SERVICE)
        .sysProp("otel.exporter.otlp.endpoint", receiver.endpoint())
        .sysProp("otel.bsp.schedule.delay", "200");
  }

  /**
   * Returns once every span the demo at {@code port} ended before this call has reached {@code receiver}.
   * With the default sampler the agent exports spans in the order they end (one batch queue, one export at
   * a time, each answered before the next is sent), so when the SERVER span of a request sent now arrives,
   * everything that ended before it has arrived too. A test sharing a demo counts a trace's spans exactly
   * after this, without stopping the demo to flush them.
   */
  protected static void awaitExportedSoFar(int port, TraceReceiver receiver) {
    ShopTrace.Caller marker = ShopTrace.Caller.random();
    int status = Http.get(port, "/orders/42", "traceparent", marker.traceparent()).statusCode();
    if (status != 200) {
      throw new AssertionError("GET /orders/42 (a marker request) answered " + status);
    }
    receiver.awaitSpan(s -> s.kind() == SPAN_KIND_SERVER && s.traceId().equals(marker.traceId()),
        "the SERVER span of a marker request in trace " + marker.traceId());
  }

  /** Lines that are part of a printed stack trace or an uncaught exception report. */
  protected static List<String> exceptionOutput(List<String> lines) {
    return lines.stream()
        .filter(l -> STACK_FRAME.matcher(l).matches() || l.startsWith("Exception in thread")
            || l.startsWith("Caused by: "))
        .collect(Collectors.toList());
  }

  /** The agent's own lines. */
  protected static List<String> agentLines(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("[spanwise]")).collect(Collectors.toList());
  }
}
