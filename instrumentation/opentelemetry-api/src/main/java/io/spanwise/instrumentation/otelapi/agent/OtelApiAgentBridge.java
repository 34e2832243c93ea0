package io.spanwise.instrumentation.otelapi.agent;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiBridge;
import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent's side of the application's OpenTelemetry API: the application's spans are the agent SDK's
 * spans, its context is the agent's context. Compiled against the 1.0 API (the module's), it runs against
 * the agent's own API; the one newer method it serves, {@code Span.addLink} (1.37), is looked up once.
 */
public final class OtelApiAgentBridge extends OtelApiBridge {
  /** Where the application side keeps its own context entries inside the agent's context. */
  private static final ContextKey<Object> APPLICATION_STATE = ContextKey.named("spanwise-application-context");
  private static final String APPLICATION_SDK = "spanwise.opentelemetry-api.application-sdk";

  private final InstrumentationContext context;
  private final InstrumentationConfig config;
  private final TextMapPropagator propagator;
  private final List<String> fields;
  private final boolean keepApplicationOpenTelemetry;
  private final Set<String> said = ConcurrentHashMap.newKeySet();
  private final Map<String, AttributeKey<?>> keys = new ConcurrentHashMap<>();
  private volatile Method spanAddLink;
  private volatile boolean spanAddLinkLooked;

  public OtelApiAgentBridge(InstrumentationContext context) {
    this.context = context;
    this.config = context.config();
    this.propagator = context.propagators().getTextMapPropagator();
    this.fields = new ArrayList<>(propagator.fields());
    this.keepApplicationOpenTelemetry = !"ignore".equals(config.getChoice(APPLICATION_SDK, "keep", "keep", "ignore"));
  }

  // ------------------------------------------------------------------ context

  @Override
  public Object rootContext() {
    return Context.root();
  }

  @Override
  public Object currentContext() {
    return Context.current();
  }

  @Override
  public ContextScope attach(Object context) {
    Scope scope = ((Context) context).makeCurrent();
    return scope::close;
  }

  @Override
  public Object spanOf(Object context) {
    return Span.fromContextOrNull((Context) context);
  }

  @Override
  public Object withSpan(Object context, Object span) {
    return ((Context) context).with((Span) span);
  }

  @Override
  public Object applicationState(Object context) {
    return ((Context) context).get(APPLICATION_STATE);
  }

  @Override
  public Object withApplicationState(Object context, Object state) {
    return ((Context) context).with(APPLICATION_STATE, state);
  }

  @Override
  public String[] baggageOf(Object context) {
    Baggage baggage = Baggage.fromContextOrNull((Context) context);
    if (baggage == null || baggage.isEmpty()) {
      return null;
    }
    String[] flat = new String[baggage.size() * 3];
    int[] at = {0};
    baggage.forEach((key, entry) -> {
      if (at[0] < flat.length) {
        flat[at[0]++] = key;
        flat[at[0]++] = entry.getValue();
        flat[at[0]++] = entry.getMetadata().getValue();
      }
    });
    return flat;
  }

  @Override
  public Object withBaggage(Object context, String[] entries) {
    if (entries == null || entries.length == 0) {
      return ((Context) context).with(Baggage.empty());
    }
    BaggageBuilder builder = Baggage.builder();
    for (int i = 0; i + 2 < entries.length; i += 3) {
      String metadata = entries[i + 2];
      builder.put(entries[i], entries[i + 1],
          metadata == null || metadata.isEmpty() ? BaggageEntryMetadata.empty() : BaggageEntryMetadata.create(metadata));
    }
    return ((Context) context).with(builder.build());
  }

  // ------------------------------------------------------------------ spans

  @Override
  public Object tracer(String name, String version, String schemaUrl) {
    return context.tracer(name == null || name.isEmpty() ? "unknown" : name, version);
  }

  @Override
  public Object spanBuilder(Object tracer, String name) {
    return ((Tracer) tracer).spanBuilder(name == null ? "span" : name);
  }

  @Override
  public void setParent(Object builder, Object context) {
    ((SpanBuilder) builder).setParent((Context) context);
  }

  @Override
  public void setNoParent(Object builder) {
    ((SpanBuilder) builder).setNoParent();
  }

  @Override
  public void setKind(Object builder, String kind) {
    SpanKind spanKind = kind(kind);
    if (spanKind != null) {
      ((SpanBuilder) builder).setSpanKind(spanKind);
    }
  }

  @Override
  public void setStartTimestamp(Object builder, long timestamp, TimeUnit unit) {
    ((SpanBuilder) builder).setStartTimestamp(timestamp, unit);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setAttribute(Object builderOrSpan, String key, String type, Object value) {
    AttributeKey attributeKey = key(key, type);
    if (attributeKey == null) {
      return;
    }
    if (builderOrSpan instanceof SpanBuilder) {
      ((SpanBuilder) builderOrSpan).setAttribute(attributeKey, value);
    } else {
      ((Span) builderOrSpan).setAttribute(attributeKey, value);
    }
  }

  @Override
  public void addLink(Object builderOrSpan, Object spanContext, Object[] attributes) {
    SpanContext linked = (SpanContext) spanContext;
    if (builderOrSpan instanceof SpanBuilder) {
      ((SpanBuilder) builderOrSpan).addLink(linked, attributes(attributes));
      return;
    }
    Method addLink = spanAddLink();
    if (addLink == null) {
      degraded("Span.addLink: the agent's OpenTelemetry API has no such method; the link is dropped");
      return;
    }
    try {
      addLink.invoke(builderOrSpan, linked, attributes(attributes));
    } catch (ReflectiveOperationException e) {
      degraded("Span.addLink failed: " + e);
    }
  }

  private Method spanAddLink() {
    if (!spanAddLinkLooked) {
      try {
        spanAddLink = Span.class.getMethod("addLink", SpanContext.class, Attributes.class);
      } catch (NoSuchMethodException e) {
        spanAddLink = null;
      }
      spanAddLinkLooked = true;
    }
    return spanAddLink;
  }

  @Override
  public Object startSpan(Object builder) {
    return ((SpanBuilder) builder).startSpan();
  }

  @Override
  public void addEvent(Object span, String name, Object[] attributes, long timestamp, TimeUnit unit) {
    Attributes eventAttributes = attributes(attributes);
    if (unit == null) {
      ((Span) span).addEvent(name, eventAttributes);
    } else {
      ((Span) span).addEvent(name, eventAttributes, timestamp, unit);
    }
  }

  @Override
  public void setStatus(Object span, String code, String description) {
    StatusCode status;
    try {
      status = StatusCode.valueOf(code);
    } catch (IllegalArgumentException | NullPointerException e) {
      degraded("status code " + code + " is unknown to the agent; the status is not set");
      return;
    }
    if (description == null) {
      ((Span) span).setStatus(status);
    } else {
      ((Span) span).setStatus(status, description);
    }
  }

  @Override
  public void recordException(Object span, Throwable exception, Object[] attributes) {
    ((Span) span).recordException(exception, attributes(attributes));
  }

  @Override
  public void updateName(Object span, String name) {
    ((Span) span).updateName(name);
  }

  @Override
  public void end(Object span, long timestamp, TimeUnit unit) {
    if (unit == null) {
      ((Span) span).end();
    } else {
      ((Span) span).end(timestamp, unit);
    }
  }

  @Override
  public boolean isRecording(Object span) {
    return ((Span) span).isRecording();
  }

  // ------------------------------------------------------------------ span contexts

  @Override
  public Object spanContext(Object span) {
    return ((Span) span).getSpanContext();
  }

  @Override
  public String traceId(Object spanContext) {
    return ((SpanContext) spanContext).getTraceId();
  }

  @Override
  public String spanId(Object spanContext) {
    return ((SpanContext) spanContext).getSpanId();
  }

  @Override
  public byte traceFlags(Object spanContext) {
    return ((SpanContext) spanContext).getTraceFlags().asByte();
  }

  @Override
  public boolean isRemote(Object spanContext) {
    return ((SpanContext) spanContext).isRemote();
  }

  @Override
  public String[] traceState(Object spanContext) {
    TraceState state = ((SpanContext) spanContext).getTraceState();
    if (state.isEmpty()) {
      return EMPTY;
    }
    String[] flat = new String[state.size() * 2];
    int[] at = {0};
    state.forEach((key, value) -> {
      if (at[0] < flat.length) {
        flat[at[0]++] = key;
        flat[at[0]++] = value;
      }
    });
    return flat;
  }

  private static final String[] EMPTY = new String[0];

  @Override
  public Object newSpanContext(String traceId, String spanId, byte flags, String[] traceState, boolean remote) {
    TraceState state = TraceState.getDefault();
    if (traceState != null && traceState.length > 1) {
      TraceStateBuilder builder = TraceState.builder();
      for (int i = 0; i + 1 < traceState.length; i += 2) {
        builder.put(traceState[i], traceState[i + 1]);
      }
      state = builder.build();
    }
    TraceFlags traceFlags = TraceFlags.fromByte(flags);
    return remote ? SpanContext.createFromRemoteParent(traceId, spanId, traceFlags, state)
        : SpanContext.create(traceId, spanId, traceFlags, state);
  }

  @Override
  public Object wrap(Object spanContext) {
    return Span.wrap((SpanContext) spanContext);
  }

  // ------------------------------------------------------------------ propagation

  @Override
  public <C> void inject(Object context, C carrier, HeaderSetter<C> setter) {
    propagator.inject((Context) context, carrier, setter::set);
  }

  @Override
  public <C> Object extract(Object context, C carrier, HeaderGetter<C> getter) {
    return this.context.extract((Context) context, carrier, getter);
  }

  @Override
  public List<String> fields() {
    return fields;
  }

  // ------------------------------------------------------------------ the application's own SDK

  @Override
  public boolean keepsApplicationOpenTelemetry() {
    return keepApplicationOpenTelemetry;
  }

  @Override
  public void applicationRegistered(String description, boolean kept) {
    if (kept) {
      config.info("the application registered its own OpenTelemetry (" + description + ") with"
          + " GlobalOpenTelemetry.set: kept for it, so its spans go to its own SDK; they still share the agent's"
          + " context and join its traces (" + APPLICATION_SDK + "=ignore makes the agent's SDK serve it instead)");
    } else {
      config.info("the application's GlobalOpenTelemetry.set(" + description + ") is ignored: the agent's SDK"
          + " serves the application's OpenTelemetry API (" + APPLICATION_SDK + "=ignore)");
    }
  }

  @Override
  public void degraded(String message) {
    if (said.size() < 100 && said.add(message)) {
      config.debug("opentelemetry-api: " + message);
    }
  }

  // ------------------------------------------------------------------ conversions

  private static SpanKind kind(String name) {
    if (name == null) {
      return null;
    }
    switch (name) {
      case "INTERNAL": return SpanKind.INTERNAL;
      case "SERVER": return SpanKind.SERVER;
      case "CLIENT": return SpanKind.CLIENT;
      case "PRODUCER": return SpanKind.PRODUCER;
      case "CONSUMER": return SpanKind.CONSUMER;
      default: return null;
    }
  }

  /** The agent's key for an application attribute key; null (with one debug line) for a type it cannot map. */
  AttributeKey<?> key(String name, String type) {
    if (name == null || type == null) {
      return null;
    }
    String cacheKey = type + ':' + name;
    AttributeKey<?> key = keys.get(cacheKey);
    if (key != null) {
      return key;
    }
    switch (type) {
      case "STRING": key = AttributeKey.stringKey(name); break;
      case "BOOLEAN": key = AttributeKey.booleanKey(name); break;
      case "LONG": key = AttributeKey.longKey(name); break;
      case "DOUBLE": key = AttributeKey.doubleKey(name); break;
      case "STRING_ARRAY": key = AttributeKey.stringArrayKey(name); break;
      case "BOOLEAN_ARRAY": key = AttributeKey.booleanArrayKey(name); break;
      case "LONG_ARRAY": key = AttributeKey.longArrayKey(name); break;
      case "DOUBLE_ARRAY": key = AttributeKey.doubleArrayKey(name); break;
      default:
        degraded("attributes of type " + type + " are not bridged; attribute " + name + " is dropped");
        return null;
    }
    if (keys.size() < 4096) {
      keys.put(cacheKey, key);
    }
    return key;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Attributes attributes(Object[] flat) {
    if (flat == null || flat.length == 0) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i + 2 < flat.length; i += 3) {
      AttributeKey key = key((String) flat[i], (String) flat[i + 1]);
      if (key != null && flat[i + 2] != null) {
        builder.put(key, flat[i + 2]);
      }
    }
    return builder.build();
  }
}
