package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import java.util.concurrent.TimeUnit;

/**
 * The application's {@code SpanBuilder} over the agent's: every call goes straight to the agent's builder
 * (helper). Without {@code setParent}, the parent is the current context, which is the agent's.
 */
final class BridgedSpanBuilder implements SpanBuilder {
  private final Object agent;

  BridgedSpanBuilder(Object agent) {
    this.agent = agent;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      OtelApiTracing.bridge().setParent(agent, AppApi.bridged(context).agent);
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    OtelApiTracing.bridge().setNoParent(agent);
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    return addLink(spanContext, null);
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
    if (spanContext != null && spanContext.isValid()) {
      OtelApiTracing.bridge().addLink(agent, AppApi.toAgentSpanContext(spanContext), AppApi.flatten(attributes));
    }
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "STRING", value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "LONG", value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "DOUBLE", value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "BOOLEAN", value);
    return this;
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      OtelApiTracing.bridge().setAttribute(agent, key.getKey(), key.getType().name(), value);
    }
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind spanKind) {
    if (spanKind != null) {
      OtelApiTracing.bridge().setKind(agent, spanKind.name());
    }
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    if (unit != null) {
      OtelApiTracing.bridge().setStartTimestamp(agent, startTimestamp, unit);
    }
    return this;
  }

  @Override
  public Span startSpan() {
    Object span = OtelApiTracing.bridge().startSpan(agent);
    return span == null ? Span.getInvalid() : new BridgedSpan(span);
  }
}
