package io.spanwise.core.trace;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.spanwise.bootstrap.api.HeaderGetter;
import java.util.Iterator;

/**
 * Presents an instrumentation's {@link HeaderGetter} to the OpenTelemetry propagators, applying the
 * W3C rules for repeated header lines: two {@code traceparent} lines make the header invalid (the
 * request starts a new trace), while repeated {@code tracestate} or {@code baggage} lines are one
 * comma-separated list.
 */
final class HeaderGetterAdapter<C> implements TextMapGetter<C> {
  private final HeaderGetter<C> getter;

  HeaderGetterAdapter(HeaderGetter<C> getter) {
    this.getter = getter;
  }

  @Override
  public Iterable<String> keys(C carrier) {
    return getter.keys(carrier);
  }

  @Override
  public String get(C carrier, String key) {
    if (carrier == null) {
      return null;
    }
    Iterator<String> values = getter.getAll(carrier, key);
    if (values == null || !values.hasNext()) {
      return null;
    }
    String first = values.next();
    if (!values.hasNext()) {
      return first;
    }
    if (key.equalsIgnoreCase("traceparent")) {
      return null;
    }
    StringBuilder joined = new StringBuilder(first);
    while (values.hasNext()) {
      joined.append(',').append(values.next());
    }
    return joined.toString();
  }
}
