package io.spanwise.core.sampling;

import io.spanwise.core.AgentLog;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Traces given up while waiting for a keep decision, on the agent's log at most once a minute. */
class SamplingReport {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanoClock;
  private long lastLine;
  private long traces;
  private long spans;
  private String lastWhy;

  SamplingReport(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.lastLine = nanoClock.getAsLong() - INTERVAL_NANOS;
  }

  synchronized void dropped(int traceCount, int spanCount, String why) {
    traces += traceCount;
    spans += spanCount;
    lastWhy = why;
    long now = nanoClock.getAsLong();
    if (now - lastLine >= INTERVAL_NANOS) {
      lastLine = now;
      flush();
    }
  }

  synchronized void close() {
    flush();
  }

  private void flush() {
    if (traces > 0) {
      AgentLog.warn("sampling: " + traces + " unsampled traces (" + spans + " spans) could not wait for their"
          + " keep decision and were dropped, e.g. " + lastWhy + " (next report in a minute at the earliest)");
      traces = 0;
      spans = 0;
    }
  }
}
