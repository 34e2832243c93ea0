package io.spanwise.core.export.otlp;

import io.spanwise.core.AgentLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the agent says about delivery, on its own log: at most one line a minute while exports fail or
 * spans are given up (with the counts since the last line), one line when the collector answers again,
 * and one at shutdown for spans that were never delivered. Never a stack trace.
 */
final class DeliveryLog {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String destination;
  private final int maxHeld;
  // guarded by this
  private long lastFailureLine = System.nanoTime() - INTERVAL_NANOS;
  private long lastLostLine = System.nanoTime() - INTERVAL_NANOS;
  private long failedSinceLine;
  private long lostSinceLine;
  private String lastLostReason;
  private boolean failing;

  DeliveryLog(String destination, int maxHeld) {
    this.destination = destination;
    this.maxHeld = maxHeld;
  }

  synchronized void failed(int spans, String reason, Duration retryIn) {
    failing = true;
    failedSinceLine += spans;
    long now = System.nanoTime();
    if (now - lastFailureLine >= INTERVAL_NANOS) {
      lastFailureLine = now;
      AgentLog.warn("could not export " + spans(failedSinceLine) + " to " + destination + ": " + reason
          + "; holding the newest " + maxHeld + " spans and retrying in " + seconds(retryIn)
          + " (next report in a minute at the earliest)");
      failedSinceLine = 0;
    }
  }

  synchronized void lost(int spans, String reason) {
    if (spans <= 0) {
      return;
    }
    lostSinceLine += spans;
    lastLostReason = reason;
    long now = System.nanoTime();
    if (now - lastLostLine >= INTERVAL_NANOS) {
      lastLostLine = now;
      AgentLog.warn(spans(lostSinceLine) + (lostSinceLine == 1 ? " was" : " were") + " not delivered to " + destination + ": " + reason
          + " (next report in a minute at the earliest)");
      lostSinceLine = 0;
    }
  }

  synchronized void recovered(int delivered) {
    if (!failing) {
      return;
    }
    failing = false;
    failedSinceLine = 0;
    AgentLog.info("the collector at " + destination + " answers again; sent the " + spans(delivered)
        + " held meanwhile" + (lostSinceLine > 0 ? "; " + spans(lostSinceLine) + (lostSinceLine == 1 ? " was" : " were")
        + " not delivered ("
        + lastLostReason + ")" : ""));
    lostSinceLine = 0;
    lastFailureLine = System.nanoTime() - INTERVAL_NANOS; // a new outage is reported at once
  }

  synchronized void undeliveredAtShutdown(int spans) {
    AgentLog.warn(spans(spans) + (spans == 1 ? " was" : " were") + " not delivered to " + destination
        + ": the collector did not answer the final attempt at shutdown");
  }

  private static String spans(long count) {
    return count + (count == 1 ? " span" : " spans");
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
