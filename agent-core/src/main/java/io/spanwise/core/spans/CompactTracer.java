package io.spanwise.core.spans;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The tracer of the agent's own instrumentations: spans sampled by the SDK's {@link Sampler}, with ids
 * drawn as the SDK's random generator draws them ({@link CompactSpanContext}), the SDK's limits and
 * resource, handed to the SDK's {@link SpanProcessor}s (so to the batch processor
 * and the OTLP exporter, as any SDK span), but recorded as {@link CompactSpan}s, which cost about half
 * the memory of the SDK's span. The application's own spans (the OpenTelemetry API bridge) stay SDK
 * spans; both kinds are parents and children of each other through the context.
 */
public final class CompactTracer implements Tracer {
  /**
   * Which spans' trace id the sampler reads: the builder makes the id's text for it only then. The
   * parent-based samplers read a parent's flags alone, and ask their root sampler only for a span without
   * a valid parent; only a trace-id ratio reads the id.
   */
  public enum SamplerReadsTraceId {
    /** always_on, always_off, parentbased_always_on, parentbased_always_off. */
    NEVER,
    /** parentbased_traceidratio. */
    FOR_ROOTS,
    /** traceidratio, and any sampler the agent does not know. */
    ALWAYS;

    /** Whether the sampler reads the trace id of a span that has no valid parent ({@code root}) or has one. */
    boolean of(boolean root) {
      return this == ALWAYS || (root && this == FOR_ROOTS);
    }
  }

  final Sampler sampler;
  final SamplerReadsTraceId samplerReadsTraceId;
  final SpanProcessor processor;
  final SpanLimits limits;
  final Resource resource;
  final InstrumentationScopeInfo scope;
  @SuppressWarnings("deprecation") // SpanData still has to answer it
  final InstrumentationLibraryInfo library;
  final Clock clock = Clock.getDefault();
  private final boolean startRequired;
  private final boolean endRequired;
  private volatile boolean shutDown;
  /**
   * Per span kind, the most attributes an ended span of this tracer had (0 until one ended): the arrays
   * of the next spans are made that size. A module's spans of one kind set the same attributes, so the
   * kind's guess ({@link CompactAttributes#expectedFor}) would leave a third of a JDBC span's array empty.
   * Read and written without a lock: a lost update only costs a span an array it grows.
   */
  private final int[] mostAttributes = new int[SpanKind.values().length];

  /**
   * @param processor the same processors the SDK's tracer provider was given (their composite); the
   *     provider's shutdown and flush reach them, this tracer only feeds them
   */
  public CompactTracer(Sampler sampler, SpanProcessor processor, SpanLimits limits, Resource resource,
      InstrumentationScopeInfo scope) {
    this(sampler, SamplerReadsTraceId.ALWAYS, processor, limits, resource, scope);
  }

  /**
   * @param readsTraceId what {@code sampler} reads of the trace id it is given; a sampler said not to
   *     read it is given the invalid id's text in its place
   * @param processor the same processors the SDK's tracer provider was given (their composite); the
   *     provider's shutdown and flush reach them, this tracer only feeds them
   */
  @SuppressWarnings("deprecation")
  public CompactTracer(Sampler sampler, SamplerReadsTraceId readsTraceId, SpanProcessor processor, SpanLimits limits,
      Resource resource, InstrumentationScopeInfo scope) {
    this.sampler = sampler;
    this.samplerReadsTraceId = readsTraceId;
    this.processor = processor;
    this.limits = limits;
    this.resource = resource;
    this.scope = scope;
    this.library = InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
    this.startRequired = processor.isStartRequired();
    this.endRequired = processor.isEndRequired();
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    if (shutDown) {
      // as the SDK's tracer once its provider is shut down: the context propagates, nothing is recorded
      return TracerProvider.noop().get(scope.getName()).spanBuilder(spanName);
    }
    return new CompactSpanBuilder(this, spanName == null || spanName.trim().isEmpty() ? "<unspecified span name>" : spanName);
  }

  /** From now on spans are not recorded: the processors are shut down. */
  public void shutdown() {
    shutDown = true;
  }

  void started(io.opentelemetry.context.Context parent, CompactSpan span) {
    if (startRequired) {
      processor.onStart(parent, span);
    }
  }

  /** The size to make a new span's attribute array: what the spans of this kind needed so far. */
  int expectedAttributes(SpanKind kind) {
    int most = mostAttributes[kind.ordinal()];
    return most > 0 ? most : CompactAttributes.expectedFor(kind);
  }

  /** A span of {@code kind} ended with {@code count} attributes. */
  void attributesUsed(SpanKind kind, int count) {
    int ordinal = kind.ordinal();
    if (count > mostAttributes[ordinal]) {
      mostAttributes[ordinal] = count;
    }
  }

  void ended(CompactSpan span) {
    if (endRequired) {
      processor.onEnd(span);
    }
  }
}
