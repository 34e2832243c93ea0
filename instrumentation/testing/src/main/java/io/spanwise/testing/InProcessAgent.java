package io.spanwise.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.core.AgentInstaller;
import io.spanwise.core.config.Config;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed in the test JVM itself (Byte Buddy self-attach), exporting to memory. Module
 * tests call {@link #install()} before touching the instrumented library, then drive the real library
 * and look at the spans the exporter received. One installation per JVM. As with {@code -javaagent}, the
 * agent's bootstrap classes are put on the bootstrap class path first, so the test must not touch them
 * before {@link #install()}.
 */
public final class InProcessAgent {
  private static InMemorySpanExporter exporter;

  private InProcessAgent() {}

  /** Installs the agent with its default configuration (once; later calls return the same exporter). */
  public static synchronized InMemorySpanExporter install() {
    return install(Map.of());
  }

  /** Installs the agent with these {@code otel.*} / {@code spanwise.*} properties (first call wins). */
  public static synchronized InMemorySpanExporter install(Map<String, String> properties) {
    if (exporter == null) {
      Instrumentation inst = ByteBuddyAgent.install();
      BootstrapClassPath.append(inst);
      InMemorySpanExporter memory = InMemorySpanExporter.create();
      try {
        AgentInstaller.install(inst, Config.of(properties, Map.of()), memory, true);
      } catch (Exception e) {
        throw new IllegalStateException("could not install the agent in-process", e);
      }
      exporter = memory;
    }
    return exporter;
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
