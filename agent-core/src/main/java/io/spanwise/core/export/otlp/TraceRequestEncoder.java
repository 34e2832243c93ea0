package io.spanwise.core.export.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.internal.InternalAttributeKeyImpl;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.internal.W3CTraceContextEncoding;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.marshal.MarshalerContext;
import io.opentelemetry.exporter.internal.marshal.ProtoFieldInfo;
import io.opentelemetry.exporter.internal.marshal.StatelessMarshalerUtil;
import io.opentelemetry.exporter.internal.otlp.InstrumentationScopeMarshaler;
import io.opentelemetry.exporter.internal.otlp.ResourceMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.SpanFlags;
import io.opentelemetry.proto.collector.trace.v1.internal.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.internal.AnyValue;
import io.opentelemetry.proto.common.v1.internal.ArrayValue;
import io.opentelemetry.proto.common.v1.internal.KeyValue;
import io.opentelemetry.proto.trace.v1.internal.ResourceSpans;
import io.opentelemetry.proto.trace.v1.internal.ScopeSpans;
import io.opentelemetry.proto.trace.v1.internal.Span;
import io.opentelemetry.proto.trace.v1.internal.Status;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.spanwise.core.spans.CompactSpanContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An OTLP {@code ExportTraceServiceRequest} of a batch of spans, written in one pass into an array reused
 * from batch to batch ({@link ProtoWriter}): the bytes the OTLP exporter's marshalers write, spans grouped
 * by resource and then by scope in the exporter's own maps, fields in its order, defaults left out where
 * it leaves them out. The exporter's marshalers walk every span twice, for the sizes and then for the
 * bytes (about 0.4 µs a span, most of the export thread's work); this writes each field once and puts a
 * nested message's length in front of it when the message ends. A resource and a scope are encoded by the
 * exporter's own marshalers, once each, and their bytes reused. The agent's spans' ids are written from
 * their numbers, any other span's from its id text.
 *
 * <p>Not thread-safe: one thread encodes a batch at a time. Public for the benchmarks.
 */
public final class TraceRequestEncoder {
  /** Scopes' encoded bytes are kept up to this many scopes (an application making scopes without end). */
  private static final int MAX_KEPT_SCOPES = 256;

  private final ProtoWriter out = new ProtoWriter(64 * 1024);
  private final MarshalerContext grouping = new MarshalerContext();
  private final AttributeWriter attributes = new AttributeWriter();
  private final Map<InstrumentationScopeInfo, byte[]> scopes = new IdentityHashMap<>();
  private Resource lastResource;
  private byte[] lastResourceBytes;

  /** Encodes the batch; the request is {@code array()[0, length)} until the next call. Returns the length. */
  public int encode(Collection<SpanData> spans) {
    out.reset();
    if (spans.isEmpty()) {
      return 0;
    }
    try {
      Map<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> byResource =
          StatelessMarshalerUtil.groupByResourceAndScope(
              spans, SpanData::getResource, SpanData::getInstrumentationScopeInfo, grouping);
      for (Map.Entry<Resource, Map<InstrumentationScopeInfo, List<SpanData>>> resource : byResource.entrySet()) {
        int resourceSpans = out.begin(ExportTraceServiceRequest.RESOURCE_SPANS, 3);
        out.message(ResourceSpans.RESOURCE, resourceBytes(resource.getKey()));
        for (Map.Entry<InstrumentationScopeInfo, List<SpanData>> scope : resource.getValue().entrySet()) {
          int scopeSpans = out.begin(ResourceSpans.SCOPE_SPANS, 3);
          out.message(ScopeSpans.SCOPE, scopeBytes(scope.getKey()));
          for (SpanData span : scope.getValue()) {
            writeSpan(span);
          }
          out.string(ScopeSpans.SCHEMA_URL, schemaUrl(scope.getKey().getSchemaUrl()));
          out.end(scopeSpans, 3);
        }
        out.string(ResourceSpans.SCHEMA_URL, schemaUrl(resource.getKey().getSchemaUrl()));
        out.end(resourceSpans, 3);
      }
      return out.length();
    } finally {
      grouping.reset();
    }
  }

  /** The array the last request was written into. */
  public byte[] array() {
    return out.array();
  }

  /**
   * Gives up the array to whoever still reads it (a request that timed out may still be on its way): the
   * next batch is written into a new one, of {@code capacity} bytes.
   */
  public void replaceArray(int capacity) {
    out.replaceArray(capacity);
  }

  private void writeSpan(SpanData span) {
    SpanContext context = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    int at = out.begin(ScopeSpans.SPANS, 2);
    writeTraceId(Span.TRACE_ID, context);
    writeSpanId(Span.SPAN_ID, context);
    out.string(Span.TRACE_STATE, traceState(context.getTraceState()));
    if (parent.isValid()) {
      writeSpanId(Span.PARENT_SPAN_ID, parent);
    }
    out.string(Span.NAME, span.getName());
    out.enumValue(Span.KIND, kind(span));
    out.fixed64(Span.START_TIME_UNIX_NANO, span.getStartEpochNanos());
    out.fixed64(Span.END_TIME_UNIX_NANO, span.getEndEpochNanos());
    attributes.write(Span.ATTRIBUTES, span.getAttributes());
    out.uint32(Span.DROPPED_ATTRIBUTES_COUNT, span.getTotalAttributeCount() - span.getAttributes().size());
    List<EventData> events = span.getEvents();
    for (int i = 0; i < events.size(); i++) {
      writeEvent(events.get(i));
    }
    out.uint32(Span.DROPPED_EVENTS_COUNT, span.getTotalRecordedEvents() - events.size());
    List<LinkData> links = span.getLinks();
    for (int i = 0; i < links.size(); i++) {
      writeLink(links.get(i));
    }
    out.uint32(Span.DROPPED_LINKS_COUNT, span.getTotalRecordedLinks() - links.size());
    writeStatus(span.getStatus());
    out.fixed32(Span.FLAGS, SpanFlags.withParentIsRemoteFlags(context.getTraceFlags(), parent.isRemote()));
    out.end(at, 2);
  }

  private void writeEvent(EventData event) {
    int at = out.begin(Span.EVENTS);
    out.fixed64(Span.Event.TIME_UNIX_NANO, event.getEpochNanos());
    out.string(Span.Event.NAME, event.getName());
    attributes.write(Span.Event.ATTRIBUTES, event.getAttributes());
    out.uint32(Span.Event.DROPPED_ATTRIBUTES_COUNT, event.getTotalAttributeCount() - event.getAttributes().size());
    out.end(at);
  }

  private void writeLink(LinkData link) {
    SpanContext linked = link.getSpanContext();
    int at = out.begin(Span.LINKS);
    writeTraceId(Span.Link.TRACE_ID, linked);
    writeSpanId(Span.Link.SPAN_ID, linked);
    out.string(Span.Link.TRACE_STATE, traceState(linked.getTraceState()));
    attributes.write(Span.Link.ATTRIBUTES, link.getAttributes());
    out.uint32(Span.Link.DROPPED_ATTRIBUTES_COUNT, link.getTotalAttributeCount() - link.getAttributes().size());
    out.fixed32(Span.Link.FLAGS, SpanFlags.withParentIsRemoteFlags(linked.getTraceFlags(), linked.isRemote()));
    out.end(at);
  }

  private void writeStatus(StatusData status) {
    int at = out.begin(Span.STATUS);
    out.string(Status.MESSAGE, status.getDescription());
    StatusCode code = status.getStatusCode();
    out.enumValue(Status.CODE, (code == StatusCode.OK ? Status.StatusCode.STATUS_CODE_OK
        : code == StatusCode.ERROR ? Status.StatusCode.STATUS_CODE_ERROR
        : Status.StatusCode.STATUS_CODE_UNSET).getEnumNumber());
    out.end(at);
  }

  private void writeTraceId(ProtoFieldInfo field, SpanContext context) {
    if (context instanceof CompactSpanContext) {
      CompactSpanContext compact = (CompactSpanContext) context;
      out.id16(field, compact.traceIdHigh(), compact.traceIdLow());
    } else {
      out.id16(field, OtelEncodingUtils.longFromBase16String(context.getTraceId(), 0),
          OtelEncodingUtils.longFromBase16String(context.getTraceId(), 16));
    }
  }

  private void writeSpanId(ProtoFieldInfo field, SpanContext context) {
    out.id8(field, context instanceof CompactSpanContext ? ((CompactSpanContext) context).spanIdBits()
        : OtelEncodingUtils.longFromBase16String(context.getSpanId(), 0));
  }

  private static String traceState(TraceState state) {
    return state.isEmpty() ? "" : W3CTraceContextEncoding.encodeTraceState(state);
  }

  private static int kind(SpanData span) {
    switch (span.getKind()) {
      case INTERNAL:
        return Span.SpanKind.SPAN_KIND_INTERNAL.getEnumNumber();
      case SERVER:
        return Span.SpanKind.SPAN_KIND_SERVER.getEnumNumber();
      case CLIENT:
        return Span.SpanKind.SPAN_KIND_CLIENT.getEnumNumber();
      case PRODUCER:
        return Span.SpanKind.SPAN_KIND_PRODUCER.getEnumNumber();
      case CONSUMER:
        return Span.SpanKind.SPAN_KIND_CONSUMER.getEnumNumber();
      default:
        return Span.SpanKind.SPAN_KIND_UNSPECIFIED.getEnumNumber();
    }
  }

  private static String schemaUrl(String url) {
    return url == null ? "" : url;
  }

  private byte[] resourceBytes(Resource resource) {
    if (resource != lastResource) {
      lastResourceBytes = encoded(ResourceMarshaler.create(resource));
      lastResource = resource;
    }
    return lastResourceBytes;
  }

  private byte[] scopeBytes(InstrumentationScopeInfo scope) {
    byte[] bytes = scopes.get(scope);
    if (bytes == null) {
      if (scopes.size() >= MAX_KEPT_SCOPES) {
        scopes.clear();
      }
      bytes = encoded(InstrumentationScopeMarshaler.create(scope));
      scopes.put(scope, bytes);
    }
    return bytes;
  }

  private static byte[] encoded(Marshaler marshaler) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
    try {
      marshaler.writeBinaryTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    return bytes.toByteArray();
  }

  /** A span's, event's or link's attributes, each a {@code KeyValue}; one instance, reused. */
  private final class AttributeWriter implements BiConsumer<AttributeKey<?>, Object> {
    private ProtoFieldInfo field;

    void write(ProtoFieldInfo field, Attributes attributes) {
      if (!attributes.isEmpty()) {
        this.field = field;
        attributes.forEach(this);
      }
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      int keyValue = out.begin(field);
      if (key instanceof InternalAttributeKeyImpl) {
        out.utf8(KeyValue.KEY, ((InternalAttributeKeyImpl<?>) key).getKeyUtf8());
      } else {
        out.string(KeyValue.KEY, key.getKey());
      }
      int anyValue = out.begin(KeyValue.VALUE);
      switch (key.getType()) {
        case STRING_ARRAY:
          writeArray(AttributeType.STRING, (List<?>) value);
          break;
        case LONG_ARRAY:
          writeArray(AttributeType.LONG, (List<?>) value);
          break;
        case BOOLEAN_ARRAY:
          writeArray(AttributeType.BOOLEAN, (List<?>) value);
          break;
        case DOUBLE_ARRAY:
          writeArray(AttributeType.DOUBLE, (List<?>) value);
          break;
        default:
          writeScalar(key.getType(), value);
      }
      out.end(anyValue);
      out.end(keyValue);
    }

    /** An {@code AnyValue}'s one field; an empty string is left out, as the OTLP exporter leaves it out. */
    private void writeScalar(AttributeType type, Object value) {
      switch (type) {
        case STRING:
          out.string(AnyValue.STRING_VALUE, (String) value);
          break;
        case LONG:
          out.int64Always(AnyValue.INT_VALUE, (Long) value);
          break;
        case BOOLEAN:
          out.boolAlways(AnyValue.BOOL_VALUE, (Boolean) value);
          break;
        case DOUBLE:
          out.doubleAlways(AnyValue.DOUBLE_VALUE, (Double) value);
          break;
        default:
          throw new IllegalArgumentException("Unsupported attribute type.");
      }
    }

    private void writeArray(AttributeType elementType, List<?> values) {
      int array = out.begin(AnyValue.ARRAY_VALUE);
      for (int i = 0; i < values.size(); i++) {
        int element = out.begin(ArrayValue.VALUES);
        writeScalar(elementType, values.get(i));
        out.end(element);
      }
      out.end(array);
    }
  }
}
