package io.spanwise.core.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps the local traces the head sampler did not sample but that failed or were slow. Their spans are
 * recorded without the sampled flag ({@link RuleSampler}) and held here, per trace, until the trace's
 * local root span (no parent, or a remote one) ends; then the whole local trace is exported if a span in
 * it is ERROR ({@code spanwise.traces.keep-errors}) or the root took longer than its threshold
 * ({@code spanwise.traces.keep-slow}), and dropped otherwise. The local root of a kept trace says why in
 * {@code spanwise.sampling.reason} ({@code error} or {@code slow}). Spans of a trace that end after its
 * decision follow it.
 *
 * <p>Bounded: at most {@code maxSpans} spans held in all and {@code maxSpansPerTrace} per trace; past the
 * first the oldest pending traces are dropped whole, past the second that trace is. A trace whose local
 * root has not ended after {@code maxWait} is dropped. Every drop is counted ({@link #droppedTraces}) and
 * reported on the agent's log at most once a minute.
 */
final class TailKeepingProcessor implements SpanProcessor {
  /** How many decided traces are remembered for spans that end after their local root. */
  static final int DECISIONS_KEPT = 10_000;

  private final SpanExporter exporter;
  private final boolean keepErrors;
  private final SlowThresholds slow;
  private final int maxSpans;
  private final int maxSpansPerTrace;
  private final long maxWaitNanos;
  private final LongSupplier nanoClock;
  private final SamplingReport report;

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Pending> byAge = new ConcurrentLinkedQueue<>();
  private final AtomicLong held = new AtomicLong();
  private final Map<String, Boolean> decided = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> decidedByAge = new ConcurrentLinkedQueue<>();
  private final AtomicLong droppedTraces = new AtomicLong();
  private final AtomicLong keptTraces = new AtomicLong();

  TailKeepingProcessor(SpanExporter exporter, boolean keepErrors, SlowThresholds slow, int maxSpans,
      int maxSpansPerTrace, Duration maxWait, LongSupplier nanoClock, SamplingReport report) {
    this.exporter = exporter;
    this.keepErrors = keepErrors;
    this.slow = slow;
    this.maxSpans = maxSpans;
    this.maxSpansPerTrace = maxSpansPerTrace;
    this.maxWaitNanos = maxWait.toNanos();
    this.nanoClock = nanoClock;
    this.report = report;
  }

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    SpanContext context = span.getSpanContext();
    if (context.isSampled()) {
      return; // the head kept it: the batch processor exports it
    }
    String traceId = context.getTraceId();
    Boolean decision = decided.get(traceId);
    if (decision != null) {
      if (decision) {
        exporter.export(Collections.singletonList(span.toSpanData()));
      }
      return;
    }
    expireOld();
    Pending trace = pending.computeIfAbsent(traceId, id -> {
      Pending created = new Pending(id, nanoClock.getAsLong());
      byAge.add(created);
      return created;
    });
    SpanData data = span.toSpanData();
    boolean tooMany;
    synchronized (trace) {
      if (trace.closed) {
        return; // dropped or decided meanwhile by another thread
      }
      tooMany = trace.spans.size() >= maxSpansPerTrace;
      if (!tooMany) {
        trace.spans.add(data);
        trace.error |= data.getStatus().getStatusCode() == StatusCode.ERROR;
      }
    }
    if (tooMany) {
      drop(trace, "more than " + maxSpansPerTrace + " spans in one trace (spanwise.traces.keep.max-spans-per-trace)");
      return;
    }
    held.incrementAndGet();
    SpanContext parent = span.getParentSpanContext();
    if (!parent.isValid() || parent.isRemote()) {
      decide(trace, data);
    }
    while (held.get() > maxSpans) {
      Pending oldest = byAge.peek();
      if (oldest == null) {
        break;
      }
      drop(oldest, "more than " + maxSpans + " spans waiting for a decision (spanwise.traces.keep.max-spans)");
    }
  }

  private void decide(Pending trace, SpanData root) {
    List<SpanData> spans;
    boolean error;
    synchronized (trace) {
      if (trace.closed) {
        return;
      }
      trace.closed = true;
      spans = trace.spans;
      error = trace.error;
    }
    forget(trace, spans.size());
    String reason = null;
    if (keepErrors && error) {
      reason = "error";
    } else if (!slow.isEmpty()) {
      Duration threshold = slow.thresholdFor(root.getName());
      long took = root.getEndEpochNanos() - root.getStartEpochNanos();
      if (threshold != null && took > threshold.toNanos()) {
        reason = "slow";
      }
    }
    remember(trace.traceId, reason != null);
    if (reason == null) {
      return;
    }
    keptTraces.incrementAndGet();
    List<SpanData> export = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      export.add(span == root ? withReason(span, reason) : span);
    }
    exporter.export(export);
  }

  private void drop(Pending trace, String why) {
    int count;
    synchronized (trace) {
      if (trace.closed) {
        return;
      }
      trace.closed = true;
      count = trace.spans.size();
    }
    forget(trace, count);
    remember(trace.traceId, false);
    droppedTraces.incrementAndGet();
    report.dropped(1, count, why);
  }

  private void forget(Pending trace, int spans) {
    pending.remove(trace.traceId, trace);
    byAge.remove(trace);
    held.addAndGet(-spans);
  }

  private void remember(String traceId, boolean keep) {
    decided.put(traceId, keep);
    decidedByAge.add(traceId);
    while (decided.size() > DECISIONS_KEPT) {
      String oldest = decidedByAge.poll();
      if (oldest == null) {
        break;
      }
      decided.remove(oldest);
    }
  }

  /** Drops the traces whose local root has not ended within maxWait. */
  private void expireOld() {
    long now = nanoClock.getAsLong();
    Pending oldest;
    while ((oldest = byAge.peek()) != null && now - oldest.startedNanos > maxWaitNanos) {
      drop(oldest, "its local root span did not end within " + Duration.ofNanos(maxWaitNanos).getSeconds()
          + " s (spanwise.traces.keep.max-wait)");
    }
  }

  private static SpanData withReason(SpanData span, String reason) {
    Attributes attributes = span.getAttributes().toBuilder().put(RuleSampler.REASON, reason).build();
    return new DelegatingSpanData(span) {
      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public int getTotalAttributeCount() {
        return Math.max(super.getTotalAttributeCount(), attributes.size());
      }
    };
  }

  /** Spans held now, waiting for their trace's decision. */
  long heldSpans() {
    return held.get();
  }

  long droppedTraces() {
    return droppedTraces.get();
  }

  long keptTraces() {
    return keptTraces.get();
  }

  @Override
  public CompletableResultCode shutdown() {
    report.close();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  /** One local trace waiting for its root to end. */
  private static final class Pending {
    final String traceId;
    final long startedNanos;
    final List<SpanData> spans = new ArrayList<>();
    boolean error;
    boolean closed;

    Pending(String traceId, long startedNanos) {
      this.traceId = traceId;
      this.startedNanos = startedNanos;
    }
  }
}
