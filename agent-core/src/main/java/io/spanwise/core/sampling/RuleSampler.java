package io.spanwise.core.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The head decision with Spanwise's rules around it. The configured sampler ({@code otel.traces.sampler})
 * decides first; a new trace it samples must then also get a token from the rate limit
 * ({@code spanwise.traces.max-per-second}; children of an existing trace follow their parent, as the
 * parent-based samplers say). A span not sampled is still recorded, without the sampled flag, when errors
 * or slow traces are kept ({@link TailKeepingProcessor} decides at the end of its local trace): the W3C
 * {@code sampled} flag sent downstream still says only what the head decided. A local root that is head
 * sampled says why in {@code spanwise.sampling.reason}: {@code head}, or {@code rate} for a new trace while a
 * rate limit is in force (then the share of traces kept is not a fixed ratio).
 */
final class RuleSampler implements Sampler {
  static final AttributeKey<String> REASON = AttributeKey.stringKey("spanwise.sampling.reason");

  private final Sampler head;
  private final TokenBucket limit;
  private final boolean recordUnsampled;
  private final SamplingResult sampledByHead;
  private final SamplingResult sampledUnderLimit;

  RuleSampler(Sampler head, TokenBucket limit, boolean recordUnsampled) {
    this.head = head;
    this.limit = limit;
    this.recordUnsampled = recordUnsampled;
    this.sampledByHead = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, Attributes.of(REASON, "head"));
    this.sampledUnderLimit = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, Attributes.of(REASON, "rate"));
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind kind,
      Attributes attributes, List<LinkData> parentLinks) {
    SamplingResult decided = head.shouldSample(parentContext, traceId, name, kind, attributes, parentLinks);
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    if (decided.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
      if (parent.isValid() && !parent.isRemote()) {
        return decided; // inside a local trace: one decision per trace
      }
      if (parent.isValid() || limit == null) {
        return sampledByHead; // a remote parent's decision, or the ratio's alone
      }
      if (limit.tryAcquire()) {
        return sampledUnderLimit;
      }
    }
    return recordUnsampled ? SamplingResult.recordOnly() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "SpanwiseRules{head=" + head.getDescription() + ", maxPerSecond="
        + (limit == null ? "none" : (long) limit.perSecond()) + ", recordUnsampled=" + recordUnsampled + "}";
  }
}
