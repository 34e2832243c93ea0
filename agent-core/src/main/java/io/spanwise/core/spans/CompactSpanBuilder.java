package io.spanwise.core.spans;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.internal.AttributeUtil;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Starts a {@link CompactSpan} the way the SDK's span builder starts its span: same sampling, ids, limits. */
final class CompactSpanBuilder implements SpanBuilder {
  private final CompactTracer tracer;
  private final String name;
  private Context parent;
  private SpanKind kind = SpanKind.INTERNAL;
  private CompactAttributes attributes;
  private List<LinkData> links;
  private int totalLinks;
  private long startEpochNanos;

  CompactSpanBuilder(CompactTracer tracer, String name) {
    this.tracer = tracer;
    this.name = name;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      parent = context;
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    parent = Context.root();
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    return addLink(spanContext, Attributes.empty());
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
    if (spanContext == null || !spanContext.isValid()) {
      return this;
    }
    SpanLimits limits = tracer.limits;
    totalLinks++;
    if (links == null) {
      links = new ArrayList<>(2);
    }
    if (links.size() < limits.getMaxNumberOfLinks()) {
      links.add(LinkData.create(spanContext, AttributeUtil.applyAttributesLimit(
          attributes == null ? Attributes.empty() : attributes, limits.getMaxNumberOfAttributesPerLink(),
          limits.getMaxAttributeValueLength())));
    }
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    return setAttribute(AttributeKey.stringKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    return setAttribute(AttributeKey.longKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    return setAttribute(AttributeKey.doubleKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    return setAttribute(AttributeKey.booleanKey(key), value);
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    if (key == null || key.getKey().isEmpty() || value == null) {
      return this;
    }
    if (attributes == null) {
      attributes = new CompactAttributes(tracer.expectedAttributes(kind));
    }
    SpanLimits limits = tracer.limits;
    attributes.put(key, value, limits.getMaxNumberOfAttributes(), limits.getMaxAttributeValueLength());
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind spanKind) {
    if (spanKind != null) {
      kind = spanKind;
    }
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    if (startTimestamp >= 0 && unit != null) {
      startEpochNanos = unit.toNanos(startTimestamp);
    }
    return this;
  }

  @Override
  public Span startSpan() {
    // the work is a static method of the builder's fields: this method stays small enough to be inlined
    // with the calls that made the builder, so the JIT can leave the builder itself unallocated
    return start(tracer, name, parent, kind, attributes, links, totalLinks, startEpochNanos);
  }

  private static Span start(CompactTracer tracer, String name, Context parent, SpanKind kind,
      CompactAttributes attributes, List<LinkData> links, int totalLinks, long startEpochNanos) {
    Context parentContext = parent == null ? Context.current() : parent;
    Span parentSpan = Span.fromContext(parentContext);
    SpanContext parentSpanContext = parentSpan.getSpanContext();
    // the ids as numbers, drawn as the SDK's random id generator draws them; the trace id's text is made
    // for the sampler only if it reads it, once per trace (the children share it)
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long traceIdHigh;
    long traceIdLow;
    String traceId = null;
    boolean root = !parentSpanContext.isValid();
    if (parentSpanContext instanceof CompactSpanContext) {
      // a local parent, or a remote one read by the agent's W3C propagator
      CompactSpanContext compact = (CompactSpanContext) parentSpanContext;
      traceIdHigh = compact.traceIdHigh();
      traceIdLow = compact.traceIdLow();
      traceId = compact.traceIdTextIfMade();
    } else if (!root) {
      traceId = parentSpanContext.getTraceId();
      traceIdHigh = OtelEncodingUtils.longFromBase16String(traceId, 0);
      traceIdLow = OtelEncodingUtils.longFromBase16String(traceId, 16);
    } else {
      traceIdHigh = random.nextLong();
      traceIdLow = nonZero(random);
    }
    if (traceId == null && tracer.samplerReadsTraceId.of(root)) {
      traceId = root ? CompactSpanContext.traceIdText(traceIdHigh, traceIdLow) : parentSpanContext.getTraceId();
    }
    long spanId = nonZero(random);
    List<LinkData> startLinks = links == null ? Collections.emptyList() : Collections.unmodifiableList(links);

    SamplingResult sampling = tracer.sampler.shouldSample(parentContext,
        traceId == null ? TraceId.getInvalid() : traceId, name, kind,
        attributes == null ? Attributes.empty() : attributes, startLinks);
    SamplingDecision decision = sampling.getDecision();
    TraceState traceState = sampling.getUpdatedTraceState(parentSpanContext.getTraceState());
    SpanContext context = new CompactSpanContext(traceIdHigh, traceIdLow, traceId, spanId,
        decision == SamplingDecision.RECORD_AND_SAMPLE ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        traceState);
    if (decision == SamplingDecision.DROP) {
      return Span.wrap(context);
    }
    Attributes samplerAttributes = sampling.getAttributes();
    if (!samplerAttributes.isEmpty()) {
      if (attributes == null) {
        attributes = new CompactAttributes(tracer.expectedAttributes(kind));
      }
      CompactAttributes all = attributes;
      samplerAttributes.forEach((key, value) -> put(tracer.limits, all, key, value));
    }

    // a local parent lends its trace's clock anchor; otherwise this span is the anchor, starting now
    long anchorEpoch;
    long anchorNano;
    long now;
    if (parentSpan instanceof CompactSpan) {
      CompactSpan local = (CompactSpan) parentSpan;
      anchorEpoch = local.anchorEpochNanos();
      anchorNano = local.anchorNanoTime();
      now = local.now();
    } else {
      anchorEpoch = tracer.clock.now();
      anchorNano = tracer.clock.nanoTime();
      now = anchorEpoch;
    }
    long start = startEpochNanos != 0 ? startEpochNanos : now;
    CompactSpan span = new CompactSpan(tracer, context, parentSpanContext, name, kind, anchorEpoch, anchorNano,
        start, attributes, startLinks, totalLinks);
    tracer.started(parentContext, span);
    return span;
  }

  private static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(SpanLimits limits, CompactAttributes attributes, AttributeKey<T> key, Object value) {
    if (key != null && !key.getKey().isEmpty() && value != null) {
      attributes.put(key, (T) value, limits.getMaxNumberOfAttributes(), limits.getMaxAttributeValueLength());
    }
  }
}
