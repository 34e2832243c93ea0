package io.spanwise.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies a span the agent ended, an {@code io.opentelemetry.sdk.trace.data.SpanData} of the agent's
 * class loader, into the test's own {@link SpanData} type (sdk-testing's {@link TestSpanData}): the two
 * are different classes with the same names. Everything a test can look at is copied through the
 * public interfaces of the agent's copy, by reflection: name, kind, span context and parent (ids, flags,
 * remote, trace state), attributes (by key name and type), events (exception events keep their
 * exception), links, status, times, counts, resource and instrumentation scope. Values of attributes
 * are JDK types on both sides and are shared as they are.
 */
final class SpanConverter {
  private static final String DATA = "io.opentelemetry.sdk.trace.data.";
  private static final String API = "io.opentelemetry.api.";

  private final ClassLoader agentLoader;
  private final Map<String, Method> methods = new ConcurrentHashMap<>();
  private final Map<String, Class<?>> types = new ConcurrentHashMap<>();

  SpanConverter(ClassLoader agentLoader) {
    this.agentLoader = agentLoader;
  }

  SpanData convert(Object span) {
    String spanData = DATA + "SpanData";
    List<EventData> events = new ArrayList<>();
    for (Object event : (List<?>) call(span, spanData, "getEvents")) {
      events.add(event(event));
    }
    List<LinkData> links = new ArrayList<>();
    for (Object link : (List<?>) call(span, spanData, "getLinks")) {
      links.add(LinkData.create(spanContext(call(link, DATA + "LinkData", "getSpanContext")),
          attributes(call(link, DATA + "LinkData", "getAttributes")),
          (Integer) call(link, DATA + "LinkData", "getTotalAttributeCount")));
    }
    Object status = call(span, spanData, "getStatus");
    return TestSpanData.builder()
        .setName((String) call(span, spanData, "getName"))
        .setKind(SpanKind.valueOf(((Enum<?>) call(span, spanData, "getKind")).name()))
        .setSpanContext(spanContext(call(span, spanData, "getSpanContext")))
        .setParentSpanContext(spanContext(call(span, spanData, "getParentSpanContext")))
        .setAttributes(attributes(call(span, spanData, "getAttributes")))
        .setEvents(events)
        .setLinks(links)
        .setStatus(StatusData.create(
            StatusCode.valueOf(((Enum<?>) call(status, DATA + "StatusData", "getStatusCode")).name()),
            (String) call(status, DATA + "StatusData", "getDescription")))
        .setStartEpochNanos((Long) call(span, spanData, "getStartEpochNanos"))
        .setEndEpochNanos((Long) call(span, spanData, "getEndEpochNanos"))
        .setHasEnded((Boolean) call(span, spanData, "hasEnded"))
        .setTotalRecordedEvents((Integer) call(span, spanData, "getTotalRecordedEvents"))
        .setTotalRecordedLinks((Integer) call(span, spanData, "getTotalRecordedLinks"))
        .setTotalAttributeCount((Integer) call(span, spanData, "getTotalAttributeCount"))
        .setResource(resource(call(span, spanData, "getResource")))
        .setInstrumentationScopeInfo(scope(call(span, spanData, "getInstrumentationScopeInfo")))
        .build();
  }

  private EventData event(Object event) {
    String eventData = DATA + "EventData";
    long epochNanos = (Long) call(event, eventData, "getEpochNanos");
    Attributes attributes = attributes(call(event, eventData, "getAttributes"));
    int total = (Integer) call(event, eventData, "getTotalAttributeCount");
    if (type(DATA + "ExceptionEventData").isInstance(event)) {
      Throwable exception = (Throwable) call(event, DATA + "ExceptionEventData", "getException");
      return ExceptionEventData.create(epochNanos, exception, attributes, total);
    }
    return EventData.create(epochNanos, (String) call(event, eventData, "getName"), attributes, total);
  }

  private SpanContext spanContext(Object context) {
    String spanContext = API + "trace.SpanContext";
    String traceId = (String) call(context, spanContext, "getTraceId");
    String spanId = (String) call(context, spanContext, "getSpanId");
    byte flags = (Byte) call(call(context, spanContext, "getTraceFlags"), API + "trace.TraceFlags", "asByte");
    TraceState state = traceState(call(context, spanContext, "getTraceState"));
    return (Boolean) call(context, spanContext, "isRemote")
        ? SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.fromByte(flags), state)
        : SpanContext.create(traceId, spanId, TraceFlags.fromByte(flags), state);
  }

  /** Entries in the same order: the builder puts each new entry first, so they go in last to first. */
  private TraceState traceState(Object state) {
    List<String[]> entries = new ArrayList<>();
    Map<?, ?> map = (Map<?, ?>) call(state, API + "trace.TraceState", "asMap");
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      entries.add(new String[] {(String) entry.getKey(), (String) entry.getValue()});
    }
    if (entries.isEmpty()) {
      return TraceState.getDefault();
    }
    Collections.reverse(entries);
    TraceStateBuilder builder = TraceState.builder();
    for (String[] entry : entries) {
      builder.put(entry[0], entry[1]);
    }
    return builder.build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Attributes attributes(Object attributes) {
    AttributesBuilder builder = Attributes.builder();
    Map<?, ?> map = (Map<?, ?>) call(attributes, API + "common.Attributes", "asMap");
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key = entry.getKey();
      String name = (String) call(key, API + "common.AttributeKey", "getKey");
      String type = ((Enum<?>) call(key, API + "common.AttributeKey", "getType")).name();
      Object value = entry.getValue();
      switch (type) {
        case "STRING":
          builder.put(AttributeKey.stringKey(name), (String) value);
          break;
        case "BOOLEAN":
          builder.put(AttributeKey.booleanKey(name), (Boolean) value);
          break;
        case "LONG":
          builder.put(AttributeKey.longKey(name), (Long) value);
          break;
        case "DOUBLE":
          builder.put(AttributeKey.doubleKey(name), (Double) value);
          break;
        case "STRING_ARRAY":
          builder.put((AttributeKey) AttributeKey.stringArrayKey(name), (List) value);
          break;
        case "BOOLEAN_ARRAY":
          builder.put((AttributeKey) AttributeKey.booleanArrayKey(name), (List) value);
          break;
        case "LONG_ARRAY":
          builder.put((AttributeKey) AttributeKey.longArrayKey(name), (List) value);
          break;
        case "DOUBLE_ARRAY":
          builder.put((AttributeKey) AttributeKey.doubleArrayKey(name), (List) value);
          break;
        default:
          // a type this SDK's API does not share with the test: kept readable as a string
          builder.put(AttributeKey.stringKey(name), String.valueOf(value));
      }
    }
    return builder.build();
  }

  private Resource resource(Object resource) {
    String type = "io.opentelemetry.sdk.resources.Resource";
    return Resource.create(attributes(call(resource, type, "getAttributes")), (String) call(resource, type, "getSchemaUrl"));
  }

  private InstrumentationScopeInfo scope(Object scope) {
    String type = "io.opentelemetry.sdk.common.InstrumentationScopeInfo";
    InstrumentationScopeInfoBuilder builder = InstrumentationScopeInfo.builder((String) call(scope, type, "getName"))
        .setAttributes(attributes(call(scope, type, "getAttributes")));
    String version = (String) call(scope, type, "getVersion");
    if (version != null) {
      builder.setVersion(version);
    }
    String schemaUrl = (String) call(scope, type, "getSchemaUrl");
    if (schemaUrl != null) {
      builder.setSchemaUrl(schemaUrl);
    }
    return builder.build();
  }

  /** Calls a public no-argument method of the agent's copy of {@code typeName} on {@code target}. */
  private Object call(Object target, String typeName, String methodName) {
    Method method = methods.computeIfAbsent(typeName + '#' + methodName, k -> {
      try {
        return type(typeName).getMethod(methodName);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(typeName + " has no " + methodName + "()", e);
      }
    });
    try {
      return method.invoke(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(typeName + "." + methodName + "() failed", e.getCause());
    }
  }

  private Class<?> type(String name) {
    return types.computeIfAbsent(name, n -> {
      try {
        return Class.forName(n, false, agentLoader);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(n + " is not in the agent's class loader", e);
      }
    });
  }
}
