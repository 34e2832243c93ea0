package io.spanwise.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed in the test JVM itself (Byte Buddy self-attach), exporting to memory. Module
 * tests call {@link #install()} before touching the instrumented library, then drive the real library
 * and look at the spans the exporter received. One installation per JVM.
 *
 * <p>The agent is loaded as {@code -javaagent} loads it: its bootstrap classes (the advice API, every
 * module's facade) go on the bootstrap class path first, so the test must not touch them before
 * {@link #install()}; the core, the modules and their libraries are loaded by an {@link AgentLoader},
 * whose parent is the platform loader, from the agent's own class path, which is not the test's. Helpers
 * are injected into the library's loaders by the core as in production. So advice or a helper that
 * reaches a class of the agent's side, or a helper the core did not inject, fails here as it would in an
 * application.
 *
 * <p>The agent's SDK exports each ended span, synchronously, to an exporter of the agent's loader that
 * copies it ({@link SpanConverter}) into the {@link InMemorySpanExporter} of the test's side, which
 * {@link #install()} returns: a span is there once the call that ended it returned.
 */
public final class InProcessAgent {
  private static final String EXPORTER = "io.opentelemetry.sdk.trace.export.SpanExporter";
  private static final String RESULT = "io.opentelemetry.sdk.common.CompletableResultCode";

  private static InMemorySpanExporter exporter;
  private static AgentLoader agentLoader;

  private InProcessAgent() {}

  /** Installs the agent with its default configuration (once; later calls return the same exporter). */
  public static synchronized InMemorySpanExporter install() {
    return install(Map.of());
  }

  /**
   * The test's own OpenTelemetry API and SDK (sdk-testing's {@code SpanData}) are test machinery, not an
   * application's: the bridge of the application's API stays off unless a test turns it on (it is
   * tested black-box, in the smoke tests).
   */
  private static Map<String, String> withDefaults(Map<String, String> properties) {
    Map<String, String> settings = new java.util.HashMap<>(properties);
    settings.putIfAbsent("otel.instrumentation.opentelemetry-api.enabled", "false");
    return Map.copyOf(settings);
  }

  /** Installs the agent with these {@code otel.*} / {@code spanwise.*} properties (first call wins). */
  public static synchronized InMemorySpanExporter install(Map<String, String> properties) {
    if (exporter == null) {
      List<URL> agentClassPath = AgentLoader.agentClassPath();
      Instrumentation inst = ByteBuddyAgent.install();
      BootstrapClassPath.append(inst, agentClassPath);
      AgentLoader loader = new AgentLoader(agentClassPath);
      InMemorySpanExporter memory = InMemorySpanExporter.create();
      try {
        Class<?> config = Class.forName("io.spanwise.core.config.Config", true, loader);
        Object settings = config.getMethod("of", Map.class, Map.class).invoke(null, withDefaults(properties), Map.of());
        Class<?> spanExporter = Class.forName(EXPORTER, true, loader);
        Object forwarding = forwardingExporter(loader, spanExporter, memory);
        Class.forName("io.spanwise.core.AgentInstaller", true, loader)
            .getMethod("install", Instrumentation.class, config, spanExporter)
            .invoke(null, inst, settings, forwarding);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("could not install the agent in-process", e.getCause());
      } catch (Exception e) {
        throw new IllegalStateException("could not install the agent in-process", e);
      }
      agentLoader = loader;
      exporter = memory;
    }
    return exporter;
  }

  /**
   * The class loader the agent runs in (after {@link #install()}): for tests about the isolation itself,
   * or that must reach an agent class by reflection, as nothing on the test's class path can.
   */
  public static synchronized ClassLoader agentLoader() {
    install();
    return agentLoader;
  }

  /** Clears the spans received so far. */
  public static void reset() {
    install().reset();
  }

  /**
   * Waits until at least {@code count} spans have ended and returns them all; fails after the timeout
   * with the spans seen so far, which is what a failing test needs to show.
   */
  public static List<SpanData> awaitSpans(int count, Duration timeout) {
    InMemorySpanExporter memory = install();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<SpanData> spans = memory.getFinishedSpanItems();
    while (spans.size() < count && System.nanoTime() < deadline) {
      sleep(20);
      spans = memory.getFinishedSpanItems();
    }
    if (spans.size() < count) {
      throw new AssertionError("expected " + count + " spans within " + timeout + ", got " + spans.size() + ": " + spans);
    }
    return spans;
  }

  /** Waits for {@code count} spans, then a little longer to show that no more arrive. */
  public static List<SpanData> awaitExactly(int count, Duration timeout) {
    awaitSpans(count, timeout);
    sleep(200);
    return install().getFinishedSpanItems();
  }

  /**
   * A {@code SpanExporter} of the agent's loader (a proxy of its interface) that copies every span it is
   * given into {@code memory}. A span that cannot be copied fails its export, loudly, in the test log.
   */
  private static Object forwardingExporter(ClassLoader loader, Class<?> spanExporter, InMemorySpanExporter memory)
      throws ReflectiveOperationException {
    SpanConverter converter = new SpanConverter(loader);
    Class<?> result = Class.forName(RESULT, true, loader);
    Object success = result.getMethod("ofSuccess").invoke(null);
    Object failure = result.getMethod("ofFailure").invoke(null);
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "export":
          List<SpanData> copies = new ArrayList<>();
          try {
            for (Object span : (Collection<?>) args[0]) {
              copies.add(converter.convert(span));
            }
          } catch (RuntimeException e) {
            System.err.println("[spanwise-testing] a span could not be copied to the test's side: " + e);
            e.printStackTrace();
            return failure;
          }
          memory.export(copies);
          return success;
        case "flush":
        case "shutdown":
          return success;
        case "close":
          return null;
        case "toString":
          return "the test's in-memory exporter";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          throw new UnsupportedOperationException(method.toString());
      }
    };
    return Proxy.newProxyInstance(loader, new Class<?>[] {spanExporter}, handler);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
