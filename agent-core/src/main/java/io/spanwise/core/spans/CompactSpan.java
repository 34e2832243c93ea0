package io.spanwise.core.spans;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.internal.AttributeUtil;
import io.opentelemetry.sdk.internal.AttributesMap;
import io.opentelemetry.sdk.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A recorded span of the agent's own instrumentations, with the SDK span's behaviour (limits, status
 * rules, exception events, nothing changes once ended) in fewer objects: the attributes in one array
 * ({@link CompactAttributes}), no lock object (the span itself is the lock), no clock object (the
 * anchor of the trace's local root is copied in two longs), and, once ended, the span is its own
 * {@link SpanData}: the processor and the exporter read it as it is, where the SDK wraps it and copies
 * its attributes again.
 */
final class CompactSpan implements ReadWriteSpan, SpanData {
  private final CompactTracer tracer;
  private final SpanContext context;
  private final SpanContext parentContext;
  private final SpanKind kind;
  /** The wall-clock time and the {@code nanoTime} taken together at the trace's local root. */
  private final long anchorEpochNanos;
  private final long anchorNanoTime;
  private final long startEpochNanos;

  // guarded by this; never changed once ended, when they are read without the lock
  private String name;
  private CompactAttributes attributes;
  private List<EventData> events;
  private int totalEvents;
  /** The builder's links (unmodifiable), copied into an {@code ArrayList} by the first link added. */
  private List<LinkData> links;
  private int totalLinks;
  private StatusData status = StatusData.unset();
  /**
   * 0 until the span ends, and never 0 after ({@code end(0)} means now): whether the span has ended,
   * without a flag of its own (the flag took the span from 89 to 96 bytes, one more 8-byte step).
   */
  private volatile long endEpochNanos;

  CompactSpan(CompactTracer tracer, SpanContext context, SpanContext parentContext, String name, SpanKind kind,
      long anchorEpochNanos, long anchorNanoTime, long startEpochNanos, CompactAttributes attributes,
      List<LinkData> links, int totalLinks) {
    this.tracer = tracer;
    this.context = context;
    this.parentContext = parentContext;
    this.name = name;
    this.kind = kind;
    this.anchorEpochNanos = anchorEpochNanos;
    this.anchorNanoTime = anchorNanoTime;
    this.startEpochNanos = startEpochNanos;
    this.attributes = attributes;
    this.links = links;
    this.totalLinks = totalLinks;
  }

  /** Now, as an offset from the local root's anchor: spans of one trace never disagree on the clock. */
  long now() {
    return anchorEpochNanos + (tracer.clock.nanoTime() - anchorNanoTime);
  }

  long anchorEpochNanos() {
    return anchorEpochNanos;
  }

  long anchorNanoTime() {
    return anchorNanoTime;
  }

  // ------------------------------------------------------------------ Span

  @Override
  public <T> ReadWriteSpan setAttribute(AttributeKey<T> key, T value) {
    if (key == null || key.getKey().isEmpty() || value == null) {
      return this;
    }
    SpanLimits limits = tracer.limits;
    synchronized (this) {
      if (ended()) {
        return this;
      }
      if (attributes == null) {
        attributes = new CompactAttributes(tracer.expectedAttributes(kind));
      }
      attributes.put(key, value, limits.getMaxNumberOfAttributes(), limits.getMaxAttributeValueLength());
    }
    return this;
  }

  @Override
  public ReadWriteSpan addEvent(String name, Attributes attributes) {
    return name == null ? this : addEvent(name, attributes, now());
  }

  @Override
  public ReadWriteSpan addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return name == null || unit == null ? this : addEvent(name, attributes, unit.toNanos(timestamp));
  }

  private ReadWriteSpan addEvent(String name, Attributes attributes, long epochNanos) {
    Attributes given = attributes == null ? Attributes.empty() : attributes;
    SpanLimits limits = tracer.limits;
    Attributes limited = AttributeUtil.applyAttributesLimit(given, limits.getMaxNumberOfAttributesPerEvent(),
        limits.getMaxAttributeValueLength());
    addEvent(EventData.create(epochNanos, name, limited, given.size()));
    return this;
  }

  @Override
  public ReadWriteSpan recordException(Throwable exception, Attributes additional) {
    if (exception == null) {
      return this;
    }
    // the SDK's own attributes and limits for an exception event: the same event as an SDK span's
    SpanLimits limits = tracer.limits;
    AttributesMap eventAttributes =
        AttributesMap.create(limits.getMaxNumberOfAttributes(), limits.getMaxAttributeValueLength());
    EXCEPTIONS.setExceptionAttributes(eventAttributes::put, exception, limits.getMaxAttributeValueLength());
    if (additional != null) {
      additional.forEach(eventAttributes::put);
    }
    addEvent(ExceptionEventData.create(now(), exception, eventAttributes, eventAttributes.getTotalAddedValues()));
    return this;
  }

  private static final ExceptionAttributeResolver EXCEPTIONS = ExceptionAttributeResolver.getDefault();

  private synchronized void addEvent(EventData event) {
    if (ended()) {
      return;
    }
    if (events == null) {
      events = new ArrayList<>(2);
    }
    if (events.size() < tracer.limits.getMaxNumberOfEvents()) {
      events.add(event);
    }
    totalEvents++;
  }

  @Override
  public synchronized ReadWriteSpan setStatus(StatusCode code, String description) {
    // as the SDK: OK is final, and nothing changes once ended
    if (code != null && !ended() && status.getStatusCode() != StatusCode.OK) {
      status = StatusData.create(code, description);
    }
    return this;
  }

  @Override
  public synchronized ReadWriteSpan updateName(String name) {
    if (name != null && !ended()) {
      this.name = name;
    }
    return this;
  }

  @Override
  public Span addLink(SpanContext linked, Attributes attributes) {
    if (linked == null || !linked.isValid()) {
      return this;
    }
    SpanLimits limits = tracer.limits;
    LinkData link = LinkData.create(linked, AttributeUtil.applyAttributesLimit(
        attributes == null ? Attributes.empty() : attributes, limits.getMaxNumberOfAttributesPerLink(),
        limits.getMaxAttributeValueLength()));
    synchronized (this) {
      if (ended()) {
        return this;
      }
      if (links.size() < limits.getMaxNumberOfLinks()) {
        if (!(links instanceof ArrayList)) {
          links = new ArrayList<>(links);
        }
        links.add(link);
      }
      totalLinks++;
    }
    return this;
  }

  @Override
  public void end() {
    end(now());
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    end(timestamp == 0 ? now() : (unit == null ? TimeUnit.NANOSECONDS : unit).toNanos(timestamp));
  }

  private void end(long epochNanos) {
    synchronized (this) {
      if (ended()) {
        return;
      }
      endEpochNanos = epochNanos != 0 ? epochNanos : 1; // 0 is "not ended"
      if (attributes != null) {
        tracer.attributesUsed(kind, attributes.size());
      }
    }
    tracer.ended(this);
  }

  private boolean ended() {
    return endEpochNanos != 0;
  }

  @Override
  public boolean isRecording() {
    return !ended();
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  // ------------------------------------------------------------------ ReadableSpan

  @Override
  public SpanContext getParentSpanContext() {
    return parentContext;
  }

  @Override
  public String getName() {
    if (ended()) {
      return name; // final once ended: the exporter reads it without the lock
    }
    synchronized (this) {
      return name;
    }
  }

  /** Once ended the span no longer changes and is its own data; before, a copy. */
  @Override
  public SpanData toSpanData() {
    return ended() ? this : new Snapshot(this);
  }

  @Override
  public boolean hasEnded() {
    return ended();
  }

  @Override
  public synchronized long getLatencyNanos() {
    long end = endEpochNanos;
    return (end != 0 ? end : now()) - startEpochNanos;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public synchronized <T> T getAttribute(AttributeKey<T> key) {
    return attributes == null ? null : attributes.get(key);
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return tracer.scope;
  }

  @Override
  @Deprecated
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return tracer.library;
  }

  // ------------------------------------------------------------------ SpanData (read once ended)

  @Override
  public Attributes getAttributes() {
    if (ended()) {
      return attributes == null ? Attributes.empty() : attributes; // final once ended
    }
    synchronized (this) {
      return attributes == null ? Attributes.empty() : attributes.copy();
    }
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public List<EventData> getEvents() {
    return events == null ? Collections.emptyList() : Collections.unmodifiableList(events);
  }

  @Override
  public List<LinkData> getLinks() {
    return links instanceof ArrayList ? Collections.unmodifiableList(links) : links;
  }

  @Override
  public long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public int getTotalRecordedEvents() {
    return totalEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return totalLinks;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes == null ? 0 : attributes.totalAdded();
  }

  @Override
  public Resource getResource() {
    return tracer.resource;
  }

  @Override
  public String toString() {
    return "CompactSpan{traceId=" + context.getTraceId() + ", spanId=" + context.getSpanId()
        + ", parentSpanId=" + parentContext.getSpanId() + ", name=" + getName() + ", kind=" + kind
        + ", attributes=" + getAttributes() + ", status=" + status + ", ended=" + ended() + "}";
  }

  /** What a span not yet ended holds right now, for a processor that reads it early. */
  private static final class Snapshot implements SpanData {
    private final CompactSpan span;
    private final String name;
    private final Attributes attributes;
    private final int totalAttributes;
    private final List<EventData> events;
    private final int totalEvents;
    private final List<LinkData> links;
    private final int totalLinks;
    private final StatusData status;

    Snapshot(CompactSpan span) {
      this.span = span;
      synchronized (span) {
        this.name = span.name;
        this.attributes = span.attributes == null ? Attributes.empty() : span.attributes.copy();
        this.totalAttributes = span.getTotalAttributeCount();
        this.events = span.events == null ? Collections.emptyList()
            : Collections.unmodifiableList(new ArrayList<>(span.events));
        this.totalEvents = span.totalEvents;
        this.links = Collections.unmodifiableList(new ArrayList<>(span.links));
        this.totalLinks = span.totalLinks;
        this.status = span.status;
      }
    }

    @Override public String getName() { return name; }
    @Override public SpanKind getKind() { return span.kind; }
    @Override public SpanContext getSpanContext() { return span.context; }
    @Override public SpanContext getParentSpanContext() { return span.parentContext; }
    @Override public StatusData getStatus() { return status; }
    @Override public long getStartEpochNanos() { return span.startEpochNanos; }
    @Override public Attributes getAttributes() { return attributes; }
    @Override public List<EventData> getEvents() { return events; }
    @Override public List<LinkData> getLinks() { return links; }
    @Override public long getEndEpochNanos() { return 0; }
    @Override public boolean hasEnded() { return false; }
    @Override public int getTotalRecordedEvents() { return totalEvents; }
    @Override public int getTotalRecordedLinks() { return totalLinks; }
    @Override public int getTotalAttributeCount() { return totalAttributes; }
    @Override public InstrumentationScopeInfo getInstrumentationScopeInfo() { return span.tracer.scope; }
    @Override @Deprecated public InstrumentationLibraryInfo getInstrumentationLibraryInfo() { return span.tracer.library; }
    @Override public Resource getResource() { return span.tracer.resource; }
  }
}
