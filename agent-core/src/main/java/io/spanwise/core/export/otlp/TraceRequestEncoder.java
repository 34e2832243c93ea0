package io.spanwise.core.export.otlp;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.marshal.MarshalerContext;
import io.opentelemetry.exporter.internal.marshal.MarshalerUtil;
import io.opentelemetry.exporter.internal.marshal.Serializer;
import io.opentelemetry.exporter.internal.marshal.StatelessMarshaler2;
import io.opentelemetry.exporter.internal.marshal.StatelessMarshalerUtil;
import io.opentelemetry.exporter.internal.otlp.InstrumentationScopeMarshaler;
import io.opentelemetry.exporter.internal.otlp.ResourceMarshaler;
import io.opentelemetry.proto.collector.trace.v1.internal.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.internal.ResourceSpans;
import io.opentelemetry.proto.trace.v1.internal.ScopeSpans;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An OTLP {@code ExportTraceServiceRequest} of a batch of spans, the bytes the OTLP exporter's
 * low-allocation marshaler writes (spans grouped by resource, then by scope), reused from batch to batch:
 * {@link #initialize} walks the spans for their sizes, {@link #writeTo} writes them, {@link #reset}
 * forgets them. Its own only in the span's ids ({@link SpanEncoder}).
 *
 * <p>Not thread-safe: one thread encodes a batch at a time. Public for the benchmarks.
 */
public final class TraceRequestEncoder extends Marshaler {
  private static final MarshalerContext.Key RESOURCE_SIZES = MarshalerContext.key();
  private static final MarshalerContext.Key RESOURCE_WRITER = MarshalerContext.key();
  private static final MarshalerContext.Key SCOPE_SIZES = MarshalerContext.key();
  private static final MarshalerContext.Key SCOPE_WRITER = MarshalerContext.key();

  private final MarshalerContext context = new MarshalerContext();
  private final ScopeSpansEncoder scopeSpans = new ScopeSpansEncoder(new SpanEncoder());
  private final ResourceSpansEncoder resourceSpans = new ResourceSpansEncoder(scopeSpans);
  private Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> byResourceAndScope = Collections.emptyMap();
  private int size;

  /** Takes a batch: groups its spans and computes the request's size. */
  public void initialize(Collection<SpanData> spans) {
    byResourceAndScope = spans.isEmpty() ? Collections.emptyMap()
        : StatelessMarshalerUtil.groupByResourceAndScope(
            spans, SpanData::getResource, SpanData::getInstrumentationScopeInfo, context);
    size = StatelessMarshalerUtil.sizeRepeatedMessageWithContext(
        ExportTraceServiceRequest.RESOURCE_SPANS, byResourceAndScope, resourceSpans, context, RESOURCE_SIZES);
  }

  /** Forgets the batch (its grouping and sizes), keeping the arrays for the next. */
  public void reset() {
    context.reset();
    byResourceAndScope = Collections.emptyMap();
  }

  @Override
  public int getBinarySerializedSize() {
    return size;
  }

  @Override
  public void writeTo(Serializer output) throws IOException {
    context.resetReadIndex(); // a request may be written again (a retry)
    output.serializeRepeatedMessageWithContext(
        ExportTraceServiceRequest.RESOURCE_SPANS, byResourceAndScope, resourceSpans, context, RESOURCE_WRITER);
  }

  /** The spans of one resource: the resource, then its spans by scope. */
  private static final class ResourceSpansEncoder
      implements StatelessMarshaler2<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> {
    private final ScopeSpansEncoder scopeSpans;

    ResourceSpansEncoder(ScopeSpansEncoder scopeSpans) {
      this.scopeSpans = scopeSpans;
    }

    @Override
    public int getBinarySerializedSize(Resource resource, Map<InstrumentationScopeInfo, List<SpanData>> byScope,
        MarshalerContext context) {
      ResourceMarshaler marshaler = ResourceMarshaler.create(resource);
      context.addData(marshaler);
      return MarshalerUtil.sizeMessage(ResourceSpans.RESOURCE, marshaler)
          + StatelessMarshalerUtil.sizeRepeatedMessageWithContext(
              ResourceSpans.SCOPE_SPANS, byScope, scopeSpans, context, SCOPE_SIZES)
          + StatelessMarshalerUtil.sizeStringWithContext(ResourceSpans.SCHEMA_URL, resource.getSchemaUrl(), context);
    }

    @Override
    public void writeTo(Serializer output, Resource resource, Map<InstrumentationScopeInfo, List<SpanData>> byScope,
        MarshalerContext context) throws IOException {
      output.serializeMessage(ResourceSpans.RESOURCE, context.getData(ResourceMarshaler.class));
      output.serializeRepeatedMessageWithContext(ResourceSpans.SCOPE_SPANS, byScope, scopeSpans, context, SCOPE_WRITER);
      output.serializeStringWithContext(ResourceSpans.SCHEMA_URL, resource.getSchemaUrl(), context);
    }
  }

  /** The spans of one instrumentation scope: the scope, then the spans. */
  private static final class ScopeSpansEncoder implements StatelessMarshaler2<InstrumentationScopeInfo, List<SpanData>> {
    private final SpanEncoder spans;

    ScopeSpansEncoder(SpanEncoder spans) {
      this.spans = spans;
    }

    @Override
    public int getBinarySerializedSize(InstrumentationScopeInfo scope, List<SpanData> scopeSpans,
        MarshalerContext context) {
      InstrumentationScopeMarshaler marshaler = InstrumentationScopeMarshaler.create(scope);
      context.addData(marshaler);
      return MarshalerUtil.sizeMessage(ScopeSpans.SCOPE, marshaler)
          + StatelessMarshalerUtil.sizeRepeatedMessageWithContext(ScopeSpans.SPANS, scopeSpans, spans, context)
          + StatelessMarshalerUtil.sizeStringWithContext(ScopeSpans.SCHEMA_URL, scope.getSchemaUrl(), context);
    }

    @Override
    public void writeTo(Serializer output, InstrumentationScopeInfo scope, List<SpanData> scopeSpans,
        MarshalerContext context) throws IOException {
      output.serializeMessage(ScopeSpans.SCOPE, context.getData(InstrumentationScopeMarshaler.class));
      output.serializeRepeatedMessageWithContext(ScopeSpans.SPANS, scopeSpans, spans, context);
      output.serializeStringWithContext(ScopeSpans.SCHEMA_URL, scope.getSchemaUrl(), context);
    }
  }
}
