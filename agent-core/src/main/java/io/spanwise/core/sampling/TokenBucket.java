package io.spanwise.core.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} acquisitions a second, with a burst of one second's worth: a token bucket
 * refilled continuously from a nanosecond clock. Lock-free; cheap enough for every new trace.
 */
final class TokenBucket {
  private final double perNano;
  private final long capacityNanos; // the bucket, in nanoseconds of refill
  private final long costNanos; // one token
  private final LongSupplier nanoClock;
  /** The time the bucket would be empty again at the current level: "now - capacity" means full. */
  private final AtomicLong emptyAt;

  TokenBucket(int perSecond, LongSupplier nanoClock) {
    this.perNano = perSecond / 1e9;
    this.costNanos = Math.max(1, 1_000_000_000L / Math.max(1, perSecond));
    this.capacityNanos = costNanos * Math.max(1, perSecond);
    this.nanoClock = nanoClock;
    this.emptyAt = new AtomicLong(nanoClock.getAsLong() - capacityNanos);
  }

  /** Takes one token if there is one. */
  boolean tryAcquire() {
    while (true) {
      long now = nanoClock.getAsLong();
      long current = emptyAt.get();
      long start = Math.max(current, now - capacityNanos);
      long next = start + costNanos;
      if (next > now) {
        return false;
      }
      if (emptyAt.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  double perSecond() {
    return perNano * 1e9;
  }
}
