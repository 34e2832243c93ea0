package io.spanwise.core.trace;

import io.spanwise.core.AgentLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs exceptions thrown inside advice, at most once a minute (with the count since the last line);
 * the first one with its stack trace, so that a bug report can be acted on.
 */
final class AdviceFailures {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final AtomicLong suppressed = new AtomicLong();
  private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private volatile boolean firstReported;

  void report(Throwable error) {
    long now = System.nanoTime();
    long last = lastReport.get();
    if (now - last < INTERVAL_NANOS || !lastReport.compareAndSet(last, now)) {
      suppressed.incrementAndGet();
      return;
    }
    long others = suppressed.getAndSet(0);
    String message = "an instrumentation failed and was skipped; the application is unaffected"
        + (others > 0 ? " (" + others + " more since the last report)" : "") + ": " + error;
    if (!firstReported) {
      firstReported = true;
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      message += System.lineSeparator() + trace;
    }
    AgentLog.warn(message);
  }
}
