package io.spanwise.core.sdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads on which the agent sends its own telemetry. The OTLP http/protobuf exporter sends with the JDK
 * {@code HttpClient}, which the agent instruments: a call made on one of these threads must not become a
 * span (each export would otherwise make a span, exported in turn, forever).
 */
public final class AgentThreads {
  private AgentThreads() {}

  /** A thread of the agent's exporter. */
  static final class ExporterThread extends Thread {
    ExporterThread(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }

  /** Whether the calling thread sends the agent's own telemetry. */
  public static boolean isAgentExportThread() {
    return Thread.currentThread() instanceof ExporterThread;
  }

  /**
   * The exporter's own thread ({@code spanwise-otlp-exporter}, a daemon): every export request is made
   * there, and attempts during an outage are scheduled on it.
   */
  public static ScheduledExecutorService exportScheduler() {
    ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1,
        task -> new ExporterThread(task, "spanwise-otlp-exporter"));
    thread.setRemoveOnCancelPolicy(true);
    return thread;
  }

  /**
   * The executor the OTLP HTTP sender runs its calls on (daemon threads, at most two, idle ones end
   * after a minute): the sender calls {@code HttpClient.send} from it.
   */
  public static ExecutorService exporterExecutor() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> new ExporterThread(task, "spanwise-otlp-sender-" + count.incrementAndGet()));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
