package io.spanwise.smoke.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One span as the receiver decoded it, with the resource and instrumentation scope it came with.
 * Attribute values are plain Java: String, Boolean, Long, Double, byte[], List, Map.
 */
public final class ReceivedSpan {
  private final Resource resource;
  private final InstrumentationScope scope;
  private final Span span;

  ReceivedSpan(Resource resource, InstrumentationScope scope, Span span) {
    this.resource = resource;
    this.scope = scope;
    this.span = span;
  }

  public Span proto() {
    return span;
  }

  public String name() {
    return span.getName();
  }

  public Span.SpanKind kind() {
    return span.getKind();
  }

  public String traceId() {
    return hex(span.getTraceId());
  }

  public String spanId() {
    return hex(span.getSpanId());
  }

  /** The parent's span id in hex, or "" for a root span. */
  public String parentSpanId() {
    return hex(span.getParentSpanId());
  }

  public boolean hasParent() {
    return !span.getParentSpanId().isEmpty();
  }

  public boolean isChildOf(ReceivedSpan parent) {
    return traceId().equals(parent.traceId()) && parentSpanId().equals(parent.spanId());
  }

  public Status.StatusCode statusCode() {
    return span.getStatus().getCode();
  }

  public String statusMessage() {
    return span.getStatus().getMessage();
  }

  public long durationNanos() {
    return span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
  }

  public Map<String, Object> attributes() {
    return toMap(span.getAttributesList());
  }

  public Object attribute(String key) {
    return attributes().get(key);
  }

  public Map<String, Object> resourceAttributes() {
    return toMap(resource.getAttributesList());
  }

  public String scopeName() {
    return scope.getName();
  }

  public List<Span.Event> events() {
    return span.getEventsList();
  }

  public Optional<Span.Event> event(String name) {
    return span.getEventsList().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  public static Map<String, Object> attributesOf(Span.Event event) {
    return toMap(event.getAttributesList());
  }

  @Override
  public String toString() {
    return "'" + name() + "' " + kind() + " trace=" + traceId() + " span=" + spanId()
        + (hasParent() ? " parent=" + parentSpanId() : "") + " status=" + statusCode()
        + " attributes=" + attributes()
        + (span.getEventsCount() > 0 ? " events=" + span.getEventsList().stream().map(Span.Event::getName).toList() : "")
        + " service.name=" + resourceAttributes().get("service.name");
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BYTES_VALUE:
        return value.getBytesValue().toByteArray();
      case ARRAY_VALUE: {
        List<Object> list = new ArrayList<>();
        for (AnyValue v : value.getArrayValue().getValuesList()) {
          list.add(value(v));
        }
        return list;
      }
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }
}
