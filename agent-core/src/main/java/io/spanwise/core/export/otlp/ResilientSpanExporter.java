package io.spanwise.core.export.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The OTLP exporter behind the batch span processor: sends each batch once and, while the collector is
 * down, overloaded or asking for back-pressure, holds the newest spans itself instead of retrying the same
 * batch.
 *
 * <p>The OpenTelemetry exporters retry a failed batch on the processor's thread with backoff and ignore
 * {@code Retry-After}: meanwhile the processor's queue fills and every new span is dropped, also for a few
 * seconds after the collector is back, and a collector asking for back-pressure is hammered. Here:
 * <ul>
 *   <li>Healthy: each batch is sent once, on the agent's exporter thread.
 *   <li>A retryable failure starts an outage: from then on every batch the processor hands over is held at
 *       once (the processor's queue keeps draining, request threads never wait), at most
 *       {@code maxHeld} spans, the oldest given up first and counted. One attempt is scheduled: after the
 *       delay the collector asked for ({@code Retry-After}, capped at the export timeout), else after an
 *       exponential backoff (1 s doubling to 5 s, with jitter). Each attempt sends the oldest held batch.
 *   <li>The first attempt that succeeds ends the outage: everything held is sent at once, batch after
 *       batch, and {@link #onRecovery} asks the processor to flush its queue now rather than at its next
 *       scheduled delay, so every span made since the collector came back arrives.
 *   <li>At shutdown during an outage, one final attempt is bounded by {@link #FINAL_ATTEMPT}; what is
 *       still held is reported as not delivered and the JVM exits.
 * </ul>
 * A refused request (any other 4xx) is given up at once: retrying would only repeat the refusal.
 */
public final class ResilientSpanExporter implements SpanExporter {
  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long the last attempt at shutdown may take when the collector was not answering. */
  static final Duration FINAL_ATTEMPT = Duration.ofSeconds(1);

  private final OtlpTransport transport;
  private final int maxHeld;
  private final int maxBatch;
  private final Duration timeout;
  /** Made on the first export (see {@link #thread()}). */
  private final Supplier<ScheduledExecutorService> newThread;
  private ScheduledExecutorService thread;
  private final DeliveryLog log;

  // guarded by this
  private final ArrayDeque<SpanData> held = new ArrayDeque<>();
  private boolean outage;
  private boolean draining;
  private boolean attemptScheduled;
  private boolean shutdown;
  private Duration backoff = INITIAL_BACKOFF;

  private volatile Runnable onRecovery = () -> {};
  private final java.util.concurrent.atomic.AtomicLong lost = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param maxHeld spans held at most during an outage (the processor's queue size)
   * @param maxBatch spans per request when sending what was held
   * @param timeout of one request; also the cap on a {@code Retry-After}
   * @param newThread makes the agent's exporter thread, where every request is made; called once, on the
   *     first export
   */
  public ResilientSpanExporter(OtlpTransport transport, int maxHeld, int maxBatch, Duration timeout,
      Supplier<ScheduledExecutorService> newThread) {
    this.transport = transport;
    this.maxHeld = maxHeld;
    this.maxBatch = maxBatch;
    this.timeout = timeout;
    this.newThread = newThread;
    this.log = new DeliveryLog(transport.endpoint(), maxHeld);
  }

  /** What to run when the collector answers again after an outage (the processor's flush). */
  public void onRecovery(Runnable action) {
    this.onRecovery = action;
  }

  /** Whether the last attempt failed and spans are being held. */
  public synchronized boolean inOutage() {
    return outage;
  }

  /** Spans given up so far: held too long, refused by the collector, or not delivered at shutdown. */
  public long lostSpans() {
    return lost.get();
  }

  private void giveUp(int spans, String reason) {
    lost.addAndGet(spans);
    log.lost(spans, reason);
  }

  /** Spans held now, waiting for the collector. */
  public synchronized int heldSpans() {
    return held.size();
  }

  /**
   * Takes the batch and returns at once: the processor never waits for the collector (a slow one would
   * otherwise stop it draining its queue, and the spans behind it would be dropped). The batch is held
   * and sent in order on the exporter thread; while the collector is not answering it waits for the next
   * attempt.
   */
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    synchronized (this) {
      if (shutdown) {
        giveUp(spans.size(), "the exporter is shut down");
        return CompletableResultCode.ofFailure();
      }
      hold(spans);
      if (!outage && !draining) {
        draining = true;
        try {
          thread().execute(this::drain);
        } catch (RuntimeException rejected) { // the thread is gone: the agent is shutting down
          draining = false;
        }
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  /**
   * Sends the held batches, oldest first, until none is left or one fails. A retryable failure starts
   * (or continues) an outage and schedules the next attempt; the first success after an outage ends it.
   */
  private void drain() {
    boolean recovering;
    synchronized (this) {
      recovering = outage;
    }
    int delivered = 0;
    while (true) {
      List<SpanData> batch;
      synchronized (this) {
        attemptScheduled = false;
        if (shutdown) {
          draining = false;
          return;
        }
        batch = takeOldest();
        if (batch.isEmpty()) {
          outage = false;
          draining = false;
          backoff = INITIAL_BACKOFF;
          notifyAll(); // flush() waits for this
          break;
        }
      }
      ExportOutcome outcome = send(batch, timeout);
      if (outcome.kind == ExportOutcome.Kind.DELIVERED) {
        delivered += batch.size();
      } else if (outcome.kind == ExportOutcome.Kind.REFUSED) {
        giveUp(batch.size(), outcome.reason);
      } else {
        synchronized (this) {
          outage = true;
          draining = false;
          holdOldest(batch);
          Duration delay = nextDelay(outcome);
          log.failed(batch.size(), outcome.reason, delay);
          scheduleAttempt(delay);
          notifyAll();
        }
        return;
      }
    }
    if (recovering) {
      log.recovered(delivered);
      try {
        onRecovery.run();
      } catch (RuntimeException e) {
        // the processor flushes at its next scheduled delay anyway
      }
    }
  }

  /** Waits (up to the export timeout) until what was handed over is sent, unless the collector is down. */
  @Override
  public CompletableResultCode flush() {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!outage && !shutdown && (draining || !held.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return CompletableResultCode.ofFailure();
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CompletableResultCode.ofFailure();
        }
      }
      return outage ? CompletableResultCode.ofFailure() : CompletableResultCode.ofSuccess();
    }
  }

  /**
   * Stops the exporter, after what it holds is sent: while the collector answers, batch after batch with
   * the usual timeout per request (the caller bounds the whole: {@code spanwise.shutdown.timeout}); during
   * an outage, in one final attempt of at most {@link #FINAL_ATTEMPT}. What is left is reported as not
   * delivered. Returns at once; the result completes when the exporter has stopped.
   */
  @Override
  public CompletableResultCode shutdown() {
    synchronized (this) {
      if (shutdown) {
        return CompletableResultCode.ofSuccess();
      }
      shutdown = true;
    }
    CompletableResultCode result = new CompletableResultCode();
    // on the exporter thread, after the send in progress (if any)
    Runnable stop = () -> {
      try {
        boolean collectorDown;
        synchronized (this) {
          collectorDown = outage;
        }
        sendHeld(collectorDown ? FINAL_ATTEMPT : null);
      } finally {
        synchronized (this) {
          if (!held.isEmpty()) {
            lost.addAndGet(held.size());
            log.undeliveredAtShutdown(held.size());
            held.clear();
          }
        }
        transport.close();
        result.succeed();
        thread().shutdown();
      }
    };
    try {
      thread().execute(stop);
    } catch (RuntimeException rejected) {
      stop.run();
    }
    return result;
  }

  /**
   * The exporter thread, made when first needed rather than with the SDK: the JDK's pool classes it loads
   * are woven as they load, after the agent is ready, instead of being retransformed (a stop of every
   * thread each) when the agent has loaded them first during {@code premain}.
   */
  private synchronized ScheduledExecutorService thread() {
    if (thread == null) {
      thread = newThread.get();
    }
    return thread;
  }

  /** Sends what is held until it is all sent or a request fails; within {@code budget} when one is given. */
  private void sendHeld(Duration budget) {
    long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      List<SpanData> batch;
      synchronized (this) {
        if (left <= 0 || held.isEmpty()) {
          return;
        }
        batch = takeOldest();
      }
      Duration requestTimeout = budget == null || Duration.ofNanos(left).compareTo(timeout) > 0
          ? timeout : Duration.ofNanos(left);
      ExportOutcome outcome = send(batch, requestTimeout);
      if (outcome.kind == ExportOutcome.Kind.RETRYABLE) {
        synchronized (this) {
          holdOldest(batch);
        }
        return;
      }
      if (outcome.kind == ExportOutcome.Kind.REFUSED) {
        giveUp(batch.size(), outcome.reason);
      }
    }
  }

  // ------------------------------------------------------------------ held spans (callers hold the lock)

  private void hold(Collection<SpanData> spans) {
    held.addAll(spans);
    trimHeld();
  }

  /** A batch that failed goes back in front: it is older than anything handed over since. */
  private void holdOldest(List<SpanData> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      held.addFirst(batch.get(i));
    }
    trimHeld();
  }

  private void trimHeld() {
    int over = held.size() - maxHeld;
    for (int i = 0; i < over; i++) {
      held.pollFirst();
    }
    if (over > 0) {
      giveUp(over, "held too long while the collector was not answering (at most " + maxHeld + " are held)");
    }
  }

  private List<SpanData> takeOldest() {
    int n = Math.min(maxBatch, held.size());
    List<SpanData> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      batch.add(held.pollFirst());
    }
    return batch;
  }

  private Duration nextDelay(ExportOutcome outcome) {
    if (outcome.retryAfter != null) {
      return outcome.retryAfter.compareTo(timeout) > 0 ? timeout : outcome.retryAfter;
    }
    Duration delay = backoff;
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    // +-20 %: agents restarted together do not retry in step
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (delay.toMillis() * jitter));
  }

  private void scheduleAttempt(Duration delay) {
    if (attemptScheduled || shutdown) {
      return;
    }
    attemptScheduled = true;
    try {
      thread().schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      attemptScheduled = false;
    }
  }

  // ------------------------------------------------------------------ one request

  private ExportOutcome send(List<SpanData> batch, Duration requestTimeout) {
    // the exporter thread's encoder and its array; another thread (the final attempt of a shutdown made
    // outside it) gets its own
    boolean own = encoderBusy.compareAndSet(false, true);
    try {
      TraceRequestEncoder encoder = own ? this.encoder : new TraceRequestEncoder();
      int length;
      try {
        length = encoder.encode(batch);
      } catch (RuntimeException e) {
        return ExportOutcome.refused("could not encode the spans: " + e);
      }
      byte[] bytes = encoder.array();
      ExportOutcome outcome;
      try {
        outcome = transport.send(bytes, length, requestTimeout);
      } catch (RuntimeException e) {
        outcome = ExportOutcome.retryable(OtlpHttpTransport.describe(e), null);
      }
      // the array is written into again for the next batch only once the collector has read it all: after
      // a timeout or a failure the request may still be on its way, so the next one gets a new array
      if (own && (outcome.kind != ExportOutcome.Kind.DELIVERED || bytes.length > MAX_KEPT_BUFFER)) {
        encoder.replaceArray(bytes.length > MAX_KEPT_BUFFER ? 64 * 1024 : bytes.length);
      }
      return outcome;
    } finally {
      if (own) {
        encoderBusy.set(false);
      }
    }
  }

  /**
   * The request's encoder, reused from batch to batch: it writes each batch in one pass into an array it
   * keeps (a batch of 512 spans is about 200 KB), so exporting allocates neither per span nor per request
   * ({@link TraceRequestEncoder}).
   */
  private final TraceRequestEncoder encoder = new TraceRequestEncoder();
  private final java.util.concurrent.atomic.AtomicBoolean encoderBusy =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** A larger request's array is not kept (a very large batch setting). */
  static final int MAX_KEPT_BUFFER = 4 << 20;

  @Override
  public String toString() {
    return "ResilientSpanExporter{" + transport + ", timeout=" + timeout.toMillis() + " ms, maxHeld=" + maxHeld
        + ", maxBatch=" + maxBatch + "}";
  }
}
