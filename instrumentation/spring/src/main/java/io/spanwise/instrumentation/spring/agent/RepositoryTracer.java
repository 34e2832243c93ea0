package io.spanwise.instrumentation.spring.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.spring.SpringDataBridge;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationContext;

/**
 * Spring Data repository calls as INTERNAL spans {@code "{Repository}.{method}"} (the interface's simple
 * name), with {@code code.function.name} (the current semantic conventions' fully qualified
 * {@code pkg.Repository.method}) and {@code code.namespace} (the interface's name, which older backends
 * group by).
 */
public final class RepositoryTracer implements SpringDataBridge {
  static final AttributeKey<String> CODE_FUNCTION_NAME = AttributeKey.stringKey("code.function.name");
  static final AttributeKey<String> CODE_NAMESPACE = AttributeKey.stringKey("code.namespace");

  private final Tracer tracer;

  public RepositoryTracer(InstrumentationContext context) {
    this.tracer = context.tracer();
  }

  @Override
  public ActiveSpan startRepositorySpan(Class<?> repositoryInterface, String method) {
    Context parent = Context.current();
    String type = repositoryInterface.getName();
    return new AgentSpan(tracer.spanBuilder(repositoryInterface.getSimpleName() + "." + method)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(parent)
        .setAttribute(CODE_FUNCTION_NAME, type + "." + method)
        .setAttribute(CODE_NAMESPACE, type)
        .startSpan(), parent);
  }
}
