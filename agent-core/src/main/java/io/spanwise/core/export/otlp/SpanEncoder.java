package io.spanwise.core.export.otlp;

import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.internal.W3CTraceContextEncoding;
import io.opentelemetry.exporter.internal.marshal.MarshalerContext;
import io.opentelemetry.exporter.internal.marshal.MarshalerUtil;
import io.opentelemetry.exporter.internal.marshal.ProtoEnumInfo;
import io.opentelemetry.exporter.internal.marshal.ProtoFieldInfo;
import io.opentelemetry.exporter.internal.marshal.Serializer;
import io.opentelemetry.exporter.internal.marshal.StatelessMarshaler;
import io.opentelemetry.exporter.internal.marshal.StatelessMarshalerUtil;
import io.opentelemetry.exporter.internal.otlp.AttributeKeyValueStatelessMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.SpanFlags;
import io.opentelemetry.proto.trace.v1.internal.Span;
import io.opentelemetry.proto.trace.v1.internal.Status;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.spanwise.core.spans.CompactSpanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One OTLP {@code Span} (with its events, links and status), written as the OTLP exporter's own
 * stateless span marshaler writes it, field for field, except for the ids: the exporter's serializer
 * turns each id's hex text into bytes through a map, filled anew for each request (an entry per span),
 * where this writes a {@link CompactSpanContext}'s ids straight from their numbers and any other
 * context's text into a reused array. Sizes first, then bytes, in the same order, as the exporter's
 * marshalers do ({@link MarshalerContext} carries what the first walk computed to the second).
 *
 * <p>Not thread-safe: each {@link TraceRequestEncoder} has its own.
 */
final class SpanEncoder implements StatelessMarshaler<SpanData> {
  private static final byte[] EMPTY = new byte[0];
  // arrays of an id's length, for the first walk's sizes only
  private static final byte[] TRACE_ID_SIZE = new byte[16];
  private static final byte[] SPAN_ID_SIZE = new byte[8];

  // the ids of the span being written, reused span after span
  private final byte[] traceId = new byte[16];
  private final byte[] spanId = new byte[8];
  private final StatelessMarshaler<EventData> events = new EventEncoder();
  private final StatelessMarshaler<LinkData> links = new LinkEncoder();
  private final StatelessMarshaler<StatusData> status = new StatusEncoder();

  @Override
  public int getBinarySerializedSize(SpanData span, MarshalerContext context) {
    SpanContext spanContext = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    byte[] traceState = traceState(spanContext.getTraceState());
    context.addData(traceState);

    int size = MarshalerUtil.sizeBytes(Span.TRACE_ID, TRACE_ID_SIZE);
    size += MarshalerUtil.sizeBytes(Span.SPAN_ID, SPAN_ID_SIZE);
    size += MarshalerUtil.sizeBytes(Span.TRACE_STATE, traceState);
    size += parent.isValid() ? MarshalerUtil.sizeBytes(Span.PARENT_SPAN_ID, SPAN_ID_SIZE) : 0;
    size += StatelessMarshalerUtil.sizeStringWithContext(Span.NAME, span.getName(), context);
    size += MarshalerUtil.sizeEnum(Span.KIND, kind(span.getKind()));
    size += MarshalerUtil.sizeFixed64(Span.START_TIME_UNIX_NANO, span.getStartEpochNanos());
    size += MarshalerUtil.sizeFixed64(Span.END_TIME_UNIX_NANO, span.getEndEpochNanos());
    size += StatelessMarshalerUtil.sizeRepeatedMessageWithContext(
        Span.ATTRIBUTES, span.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
    size += MarshalerUtil.sizeUInt32(Span.DROPPED_ATTRIBUTES_COUNT,
        span.getTotalAttributeCount() - span.getAttributes().size());
    size += StatelessMarshalerUtil.sizeRepeatedMessageWithContext(Span.EVENTS, span.getEvents(), events, context);
    size += MarshalerUtil.sizeUInt32(Span.DROPPED_EVENTS_COUNT,
        span.getTotalRecordedEvents() - span.getEvents().size());
    size += StatelessMarshalerUtil.sizeRepeatedMessageWithContext(Span.LINKS, span.getLinks(), links, context);
    size += MarshalerUtil.sizeUInt32(Span.DROPPED_LINKS_COUNT,
        span.getTotalRecordedLinks() - span.getLinks().size());
    size += StatelessMarshalerUtil.sizeMessageWithContext(Span.STATUS, span.getStatus(), status, context);
    size += MarshalerUtil.sizeFixed32(Span.FLAGS,
        SpanFlags.withParentIsRemoteFlags(spanContext.getTraceFlags(), parent.isRemote()));
    return size;
  }

  @Override
  public void writeTo(Serializer output, SpanData span, MarshalerContext context) throws IOException {
    SpanContext spanContext = span.getSpanContext();
    SpanContext parent = span.getParentSpanContext();
    writeTraceId(output, Span.TRACE_ID, spanContext);
    writeSpanId(output, Span.SPAN_ID, spanContext);
    output.serializeString(Span.TRACE_STATE, context.getData(byte[].class));
    if (parent.isValid()) {
      writeSpanId(output, Span.PARENT_SPAN_ID, parent);
    }
    output.serializeStringWithContext(Span.NAME, span.getName(), context);
    output.serializeEnum(Span.KIND, kind(span.getKind()));
    output.serializeFixed64(Span.START_TIME_UNIX_NANO, span.getStartEpochNanos());
    output.serializeFixed64(Span.END_TIME_UNIX_NANO, span.getEndEpochNanos());
    output.serializeRepeatedMessageWithContext(
        Span.ATTRIBUTES, span.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
    output.serializeUInt32(Span.DROPPED_ATTRIBUTES_COUNT, span.getTotalAttributeCount() - span.getAttributes().size());
    output.serializeRepeatedMessageWithContext(Span.EVENTS, span.getEvents(), events, context);
    output.serializeUInt32(Span.DROPPED_EVENTS_COUNT, span.getTotalRecordedEvents() - span.getEvents().size());
    output.serializeRepeatedMessageWithContext(Span.LINKS, span.getLinks(), links, context);
    output.serializeUInt32(Span.DROPPED_LINKS_COUNT, span.getTotalRecordedLinks() - span.getLinks().size());
    output.serializeMessageWithContext(Span.STATUS, span.getStatus(), status, context);
    output.serializeFixed32(Span.FLAGS,
        SpanFlags.withParentIsRemoteFlags(spanContext.getTraceFlags(), parent.isRemote()));
  }

  private void writeTraceId(Serializer output, ProtoFieldInfo field, SpanContext context) throws IOException {
    if (context instanceof CompactSpanContext) {
      CompactSpanContext compact = (CompactSpanContext) context;
      CompactSpanContext.putLong(traceId, 0, compact.traceIdHigh());
      CompactSpanContext.putLong(traceId, 8, compact.traceIdLow());
    } else {
      OtelEncodingUtils.bytesFromBase16(context.getTraceId(), 32, traceId);
    }
    output.serializeBytes(field, traceId);
  }

  private void writeSpanId(Serializer output, ProtoFieldInfo field, SpanContext context) throws IOException {
    if (context instanceof CompactSpanContext) {
      CompactSpanContext.putLong(spanId, 0, ((CompactSpanContext) context).spanIdBits());
    } else {
      OtelEncodingUtils.bytesFromBase16(context.getSpanId(), 16, spanId);
    }
    output.serializeBytes(field, spanId);
  }

  private static byte[] traceState(TraceState state) {
    return state.isEmpty() ? EMPTY
        : W3CTraceContextEncoding.encodeTraceState(state).getBytes(StandardCharsets.UTF_8);
  }

  private static ProtoEnumInfo kind(SpanKind kind) {
    switch (kind) {
      case INTERNAL:
        return Span.SpanKind.SPAN_KIND_INTERNAL;
      case SERVER:
        return Span.SpanKind.SPAN_KIND_SERVER;
      case CLIENT:
        return Span.SpanKind.SPAN_KIND_CLIENT;
      case PRODUCER:
        return Span.SpanKind.SPAN_KIND_PRODUCER;
      case CONSUMER:
        return Span.SpanKind.SPAN_KIND_CONSUMER;
      default:
        return Span.SpanKind.SPAN_KIND_UNSPECIFIED;
    }
  }

  /** A span event: time, name, attributes. */
  private static final class EventEncoder implements StatelessMarshaler<EventData> {
    @Override
    public int getBinarySerializedSize(EventData event, MarshalerContext context) {
      int size = MarshalerUtil.sizeFixed64(Span.Event.TIME_UNIX_NANO, event.getEpochNanos());
      size += StatelessMarshalerUtil.sizeStringWithContext(Span.Event.NAME, event.getName(), context);
      size += StatelessMarshalerUtil.sizeRepeatedMessageWithContext(
          Span.Event.ATTRIBUTES, event.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
      size += MarshalerUtil.sizeUInt32(Span.Event.DROPPED_ATTRIBUTES_COUNT,
          event.getTotalAttributeCount() - event.getAttributes().size());
      return size;
    }

    @Override
    public void writeTo(Serializer output, EventData event, MarshalerContext context) throws IOException {
      output.serializeFixed64(Span.Event.TIME_UNIX_NANO, event.getEpochNanos());
      output.serializeStringWithContext(Span.Event.NAME, event.getName(), context);
      output.serializeRepeatedMessageWithContext(
          Span.Event.ATTRIBUTES, event.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
      output.serializeUInt32(Span.Event.DROPPED_ATTRIBUTES_COUNT,
          event.getTotalAttributeCount() - event.getAttributes().size());
    }
  }

  /** A span link: the linked context's ids, state and flags, and the link's attributes. */
  private final class LinkEncoder implements StatelessMarshaler<LinkData> {
    @Override
    public int getBinarySerializedSize(LinkData link, MarshalerContext context) {
      SpanContext linked = link.getSpanContext();
      byte[] traceState = traceState(linked.getTraceState());
      context.addData(traceState);
      int size = MarshalerUtil.sizeBytes(Span.Link.TRACE_ID, TRACE_ID_SIZE);
      size += MarshalerUtil.sizeBytes(Span.Link.SPAN_ID, SPAN_ID_SIZE);
      size += MarshalerUtil.sizeBytes(Span.Link.TRACE_STATE, traceState);
      size += StatelessMarshalerUtil.sizeRepeatedMessageWithContext(
          Span.Link.ATTRIBUTES, link.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
      size += MarshalerUtil.sizeUInt32(Span.Link.DROPPED_ATTRIBUTES_COUNT,
          link.getTotalAttributeCount() - link.getAttributes().size());
      size += MarshalerUtil.sizeFixed32(Span.Link.FLAGS,
          SpanFlags.withParentIsRemoteFlags(linked.getTraceFlags(), linked.isRemote()));
      return size;
    }

    @Override
    public void writeTo(Serializer output, LinkData link, MarshalerContext context) throws IOException {
      SpanContext linked = link.getSpanContext();
      writeTraceId(output, Span.Link.TRACE_ID, linked);
      writeSpanId(output, Span.Link.SPAN_ID, linked);
      output.serializeString(Span.Link.TRACE_STATE, context.getData(byte[].class));
      output.serializeRepeatedMessageWithContext(
          Span.Link.ATTRIBUTES, link.getAttributes(), AttributeKeyValueStatelessMarshaler.INSTANCE, context);
      output.serializeUInt32(Span.Link.DROPPED_ATTRIBUTES_COUNT,
          link.getTotalAttributeCount() - link.getAttributes().size());
      output.serializeFixed32(Span.Link.FLAGS,
          SpanFlags.withParentIsRemoteFlags(linked.getTraceFlags(), linked.isRemote()));
    }
  }

  /** A span's status: description and code. */
  private static final class StatusEncoder implements StatelessMarshaler<StatusData> {
    @Override
    public int getBinarySerializedSize(StatusData status, MarshalerContext context) {
      return StatelessMarshalerUtil.sizeStringWithContext(Status.MESSAGE, status.getDescription(), context)
          + MarshalerUtil.sizeEnum(Status.CODE, code(status));
    }

    @Override
    public void writeTo(Serializer output, StatusData status, MarshalerContext context) throws IOException {
      output.serializeStringWithContext(Status.MESSAGE, status.getDescription(), context);
      output.serializeEnum(Status.CODE, code(status));
    }

    private static ProtoEnumInfo code(StatusData status) {
      StatusCode code = status.getStatusCode();
      return code == StatusCode.OK ? Status.StatusCode.STATUS_CODE_OK
          : code == StatusCode.ERROR ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET;
    }
  }
}
