package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Learns the application API's own (package-private) context keys of the span and the baggage without
 * reflection: {@code storeInContext} calls {@code with(KEY, this)} on the context it is given (helper).
 */
final class KeyCapture implements Context {
  ContextKey<?> key;

  static ContextKey<?> of(io.opentelemetry.context.ImplicitContextKeyed value) {
    KeyCapture capture = new KeyCapture();
    value.storeInContext(capture);
    return capture.key;
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return null;
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    this.key = key;
    return this;
  }
}
