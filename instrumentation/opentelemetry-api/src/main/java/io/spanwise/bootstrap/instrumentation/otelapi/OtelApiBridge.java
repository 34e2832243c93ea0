package io.spanwise.bootstrap.instrumentation.otelapi;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.HeaderSetter;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the application-side bridge (the helpers implementing the application's own OpenTelemetry API)
 * asks of the agent. The agent's objects (its {@code Context}, {@code Span}, {@code SpanBuilder},
 * {@code SpanContext}, {@code Tracer}) are typed Object: the bootstrap loader sees no OpenTelemetry class,
 * and the application's classes of the same names are other classes. Values cross as JDK types: attribute
 * lists are flat {@code Object[]} triples (key, type name of {@code AttributeType}, value), baggage and
 * trace state flat {@code String[]} lists, kinds and status codes their enum names.
 *
 * <p>This no-op implementation answers until the agent installs its own (and when the module is off).
 */
public class OtelApiBridge {
  public static final OtelApiBridge NOOP = new OtelApiBridge();

  /** The NOOP bridge's only context. */
  private static final Object NO_CONTEXT = new Object();

  protected OtelApiBridge() {}

  // ------------------------------------------------------------------ context

  /** The agent's root context. */
  public Object rootContext() {
    return NO_CONTEXT;
  }

  /** The agent's current context (its root when nothing is current). */
  public Object currentContext() {
    return NO_CONTEXT;
  }

  /** Makes the agent context current until the scope is closed. */
  public ContextScope attach(Object context) {
    return ContextScope.NOOP;
  }

  /** The agent span in the context, or null. */
  public Object spanOf(Object context) {
    return null;
  }

  public Object withSpan(Object context, Object span) {
    return context;
  }

  /** What the application side stored with {@link #withApplicationState}, or null. */
  public Object applicationState(Object context) {
    return null;
  }

  /** The context with an object of the application side (its own context entries) carried along. */
  public Object withApplicationState(Object context, Object state) {
    return context;
  }

  /** The context's baggage as flat (key, value, metadata) triples, or null when it has none. */
  public String[] baggageOf(Object context) {
    return null;
  }

  /** The context with exactly this baggage (flat triples as {@link #baggageOf}; empty for none). */
  public Object withBaggage(Object context, String[] entries) {
    return context;
  }

  // ------------------------------------------------------------------ spans

  /** The agent's tracer for an instrumentation scope (version and schema URL may be null). */
  public Object tracer(String name, String version, String schemaUrl) {
    return null;
  }

  /** A span builder of the agent's tracer; null when there is none. */
  public Object spanBuilder(Object tracer, String name) {
    return null;
  }

  public void setParent(Object builder, Object context) {}

  public void setNoParent(Object builder) {}

  /** {@code kind}: the name of a {@code SpanKind}. */
  public void setKind(Object builder, String kind) {}

  public void setStartTimestamp(Object builder, long timestamp, TimeUnit unit) {}

  /** On a span builder or a span; {@code type}: the name of an {@code AttributeType}. */
  public void setAttribute(Object builderOrSpan, String key, String type, Object value) {}

  /** On a span builder or a span: a link to an agent span context, with flat attribute triples (or null). */
  public void addLink(Object builderOrSpan, Object spanContext, Object[] attributes) {}

  /** Starts the span (not current); a span that only propagates when the agent does not record. */
  public Object startSpan(Object builder) {
    return null;
  }

  /** {@code unit} null: now. */
  public void addEvent(Object span, String name, Object[] attributes, long timestamp, TimeUnit unit) {}

  /** {@code code}: the name of a {@code StatusCode}. */
  public void setStatus(Object span, String code, String description) {}

  public void recordException(Object span, Throwable exception, Object[] attributes) {}

  public void updateName(Object span, String name) {}

  /** {@code unit} null: now. */
  public void end(Object span, long timestamp, TimeUnit unit) {}

  public boolean isRecording(Object span) {
    return false;
  }

  // ------------------------------------------------------------------ span contexts

  /** The agent span's span context. */
  public Object spanContext(Object span) {
    return null;
  }

  public String traceId(Object spanContext) {
    return "00000000000000000000000000000000";
  }

  public String spanId(Object spanContext) {
    return "0000000000000000";
  }

  public byte traceFlags(Object spanContext) {
    return 0;
  }

  public boolean isRemote(Object spanContext) {
    return false;
  }

  /** Flat (key, value) pairs, in order; empty when none. */
  public String[] traceState(Object spanContext) {
    return new String[0];
  }

  /** An agent span context (invalid ids give the invalid one). */
  public Object newSpanContext(String traceId, String spanId, byte flags, String[] traceState, boolean remote) {
    return null;
  }

  /** An agent span that only carries the span context (as {@code Span.wrap}). */
  public Object wrap(Object spanContext) {
    return null;
  }

  // ------------------------------------------------------------------ propagation

  /** Writes the agent context with the agent's propagators. */
  public <C> void inject(Object context, C carrier, HeaderSetter<C> setter) {}

  /** The agent context read from the carrier on top of {@code context}. */
  public <C> Object extract(Object context, C carrier, HeaderGetter<C> getter) {
    return context;
  }

  /** The header names the agent's propagators use. */
  public List<String> fields() {
    return Collections.emptyList();
  }

  // ------------------------------------------------------------------ the application's own SDK

  /**
   * Whether a {@code GlobalOpenTelemetry.set} by the application (its own SDK, say) is kept for it, which
   * is the default; false when {@code spanwise.opentelemetry-api.application-sdk=ignore}.
   */
  public boolean keepsApplicationOpenTelemetry() {
    return true;
  }

  /** One line on the agent's log for each registration of the application's own OpenTelemetry (kept or ignored). */
  public void applicationRegistered(String description, boolean kept) {}

  /** One debug line per distinct message (an API surface the bridge degrades). */
  public void degraded(String message) {}
}
