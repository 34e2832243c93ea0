package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/** An agent span as the application's {@code Span} (helper). */
final class BridgedSpan implements Span {
  final Object agent;
  private volatile SpanContext spanContext;

  BridgedSpan(Object agent) {
    this.agent = agent;
  }

  @Override
  public Span setAttribute(String key, String value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "STRING", value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "LONG", value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "DOUBLE", value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    OtelApiTracing.bridge().setAttribute(agent, key, "BOOLEAN", value);
    return this;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      OtelApiTracing.bridge().setAttribute(agent, key.getKey(), key.getType().name(), value);
    }
    return this;
  }

  @Override
  public Span addEvent(String name) {
    OtelApiTracing.bridge().addEvent(agent, name, null, 0, null);
    return this;
  }

  @Override
  public Span addEvent(String name, long timestamp, TimeUnit unit) {
    OtelApiTracing.bridge().addEvent(agent, name, null, timestamp, unit);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    OtelApiTracing.bridge().addEvent(agent, name, AppApi.flatten(attributes), 0, null);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    OtelApiTracing.bridge().addEvent(agent, name, AppApi.flatten(attributes), timestamp, unit);
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode) {
    return setStatus(statusCode, null);
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    if (statusCode != null) {
      OtelApiTracing.bridge().setStatus(agent, statusCode.name(), description);
    }
    return this;
  }

  @Override
  public Span recordException(Throwable exception) {
    return recordException(exception, null);
  }

  @Override
  public Span recordException(Throwable exception, Attributes additionalAttributes) {
    if (exception != null) {
      OtelApiTracing.bridge().recordException(agent, exception, AppApi.flatten(additionalAttributes));
    }
    return this;
  }

  @Override
  public Span updateName(String name) {
    if (name != null) {
      OtelApiTracing.bridge().updateName(agent, name);
    }
    return this;
  }

  /** {@code Span.addLink} of API 1.37 and later (a no-op default there otherwise). */
  public Span addLink(SpanContext spanContext) {
    return addLink(spanContext, null);
  }

  /** {@code Span.addLink} of API 1.37 and later. */
  public Span addLink(SpanContext spanContext, Attributes attributes) {
    if (spanContext != null && spanContext.isValid()) {
      OtelApiTracing.bridge().addLink(agent, AppApi.toAgentSpanContext(spanContext), AppApi.flatten(attributes));
    }
    return this;
  }

  @Override
  public void end() {
    OtelApiTracing.bridge().end(agent, 0, null);
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    OtelApiTracing.bridge().end(agent, timestamp, unit == null ? TimeUnit.NANOSECONDS : unit);
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext context = spanContext;
    if (context == null) {
      context = AppApi.toAppSpanContext(OtelApiTracing.bridge().spanContext(agent));
      spanContext = context;
    }
    return context;
  }

  @Override
  public boolean isRecording() {
    return OtelApiTracing.bridge().isRecording(agent);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BridgedSpan && ((BridgedSpan) other).agent == agent;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(agent);
  }

  @Override
  public String toString() {
    return "BridgedSpan{" + agent + "}";
  }
}
