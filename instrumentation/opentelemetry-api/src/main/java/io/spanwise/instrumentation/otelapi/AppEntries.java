package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The application's own context entries (its keys other than the span and the baggage), immutable, as a
 * small array of key/value pairs compared by identity like the API's own context (helper).
 */
final class AppEntries implements Context {
  static final AppEntries EMPTY = new AppEntries(new Object[0]);

  private final Object[] pairs;

  private AppEntries(Object[] pairs) {
    this.pairs = pairs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] == key) {
        return (V) pairs[i + 1];
      }
    }
    return null;
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i] == key) {
        if (pairs[i + 1] == value) {
          return this;
        }
        Object[] copy = pairs.clone();
        copy[i + 1] = value;
        return new AppEntries(copy);
      }
    }
    Object[] copy = java.util.Arrays.copyOf(pairs, pairs.length + 2);
    copy[pairs.length] = key;
    copy[pairs.length + 1] = value;
    return new AppEntries(copy);
  }

  boolean isEmpty() {
    return pairs.length == 0;
  }
}
