package io.spanwise.core.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.api.SpanKind;
import io.spanwise.bootstrap.api.TracingBridge;
import io.spanwise.instrumentation.spi.AgentSpan;

/**
 * The core's side of the library-neutral advice API: context, generic spans and propagation with the
 * OpenTelemetry SDK, task contexts, failure reporting. Each library's spans are made by its own module's
 * tracer, installed behind that module's facade.
 */
public final class CoreTracingBridge extends TracingBridge {
  private static final io.opentelemetry.api.trace.SpanKind[] KINDS = {
      io.opentelemetry.api.trace.SpanKind.INTERNAL, io.opentelemetry.api.trace.SpanKind.SERVER,
      io.opentelemetry.api.trace.SpanKind.CLIENT, io.opentelemetry.api.trace.SpanKind.PRODUCER,
      io.opentelemetry.api.trace.SpanKind.CONSUMER};

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final AdviceFailures adviceFailures = new AdviceFailures();
  private final TaskContexts taskContexts = new TaskContexts();

  public CoreTracingBridge(Tracer tracer, ContextPropagators propagators) {
    this.tracer = tracer;
    this.propagator = propagators.getTextMapPropagator();
  }

  @Override
  public ActiveSpan startSpan(SpanKind kind, String name, Object parentContext) {
    Context parent = parentContext == null ? Context.current()
        : parentContext instanceof Context ? (Context) parentContext : Context.root();
    Span span = tracer.spanBuilder(name == null ? "span" : name)
        .setSpanKind(KINDS[(kind == null ? SpanKind.INTERNAL : kind).ordinal()])
        .setParent(parent)
        .startSpan();
    return new AgentSpan(span, parent);
  }

  @Override
  public <C> void inject(ActiveSpan span, C carrier, HeaderSetter<C> setter) {
    Context context = span instanceof AgentSpan ? ((AgentSpan) span).context() : Context.current();
    propagator.inject(context, carrier, setter::set);
  }

  @Override
  public <C> Object extract(C carrier, HeaderGetter<C> getter) {
    Context context = extract(propagator, Context.root(), carrier, getter);
    return context == Context.root() ? null : context;
  }

  /**
   * The adapter made last: a module's getter is one object, so consecutive extractions usually share it.
   * Racy on purpose: an adapter only holds its getter, a lost write makes one more.
   */
  private static volatile HeaderGetterAdapter<?> lastAdapter;

  /** With the W3C rules for repeated header lines ({@link HeaderGetterAdapter}). */
  @SuppressWarnings("unchecked")
  static <C> Context extract(TextMapPropagator propagator, Context parent, C carrier, HeaderGetter<C> getter) {
    HeaderGetterAdapter<?> adapter = lastAdapter;
    if (adapter == null || !adapter.adapts(getter)) {
      adapter = new HeaderGetterAdapter<>(getter);
      lastAdapter = adapter;
    }
    return propagator.extract(parent, carrier, (HeaderGetterAdapter<C>) adapter);
  }

  @Override
  public String currentTraceId() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceId() : null;
  }

  @Override
  public String currentSpanId() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getSpanId() : null;
  }

  @Override
  public String currentTraceFlags() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceFlags().asHex() : null;
  }

  @Override
  public void adviceFailed(Throwable error) {
    adviceFailures.report(error);
  }

  @Override
  public Object currentContextOrNull() {
    return TaskContexts.current();
  }

  @Override
  public ContextScope attach(Object context) {
    return TaskContexts.attach(context);
  }

  @Override
  public Object rememberContext(Object task) {
    return taskContexts.remember(task);
  }

  @Override
  public void rememberContextForThread(Thread thread) {
    taskContexts.rememberForThread(thread);
  }

  @Override
  public ContextScope resumeContext(Object task, boolean keep) {
    return taskContexts.resume(task, keep);
  }

  @Override
  public void forgetContext(Object task) {
    taskContexts.forget(task);
  }

  @Override
  public Object handOffContext(Object task) {
    return taskContexts.handOff(task);
  }
}
