package io.spanwise.instrumentation.support.logging;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A log event's context data plus the correlation entries, without copying it: an unmodifiable view over
 * the event's map (never changed, by contract of the logging libraries: Logback hands out the MDC's
 * copy-on-write map) and a few key/value pairs whose keys that map does not hold. Serialized as a plain
 * {@code HashMap}, so a receiver without the agent (Logback's socket appenders) can read it.
 */
final class CorrelatedMap extends AbstractMap<String, String> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> base;
  /** key, value, key, value...; none of the keys is in {@code base}. */
  private final transient String[] extra;
  /** What it was made from, besides {@code base}: the span's context, the baggage (or null), Spring's keys. */
  private final transient Object span;
  private final transient Object baggage;
  private final transient boolean springBootKeys;

  CorrelatedMap(Map<String, String> base, String[] extra, Object span, Object baggage, boolean springBootKeys) {
    this.base = base == null ? Collections.emptyMap() : base;
    this.extra = extra;
    this.span = span;
    this.baggage = baggage;
    this.springBootKeys = springBootKeys;
  }

  /** Whether it was made from this very map, span context and baggage (identity: all are immutable). */
  boolean madeFor(Map<String, String> base, Object span, Object baggage, boolean springBootKeys) {
    return this.base == base && this.span == span && this.baggage == baggage
        && this.springBootKeys == springBootKeys;
  }

  @Override
  public String get(Object key) {
    for (int i = 0; i < extra.length; i += 2) {
      if (extra[i].equals(key)) {
        return extra[i + 1];
      }
    }
    return base.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    for (int i = 0; i < extra.length; i += 2) {
      if (extra[i].equals(key)) {
        return true;
      }
    }
    return base.containsKey(key);
  }

  @Override
  public int size() {
    return base.size() + extra.length / 2;
  }

  @Override
  public boolean isEmpty() {
    return extra.length == 0 && base.isEmpty();
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    // made on each call, not kept: one field less in every map, and encoders ask once per event
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private final Iterator<Map.Entry<String, String>> first = base.entrySet().iterator();
          private int next;

          @Override
          public boolean hasNext() {
            return first.hasNext() || next < extra.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (first.hasNext()) {
              Map.Entry<String, String> entry = first.next();
              return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
            }
            if (next >= extra.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> entry = new SimpleImmutableEntry<>(extra[next], extra[next + 1]);
            next += 2;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return CorrelatedMap.this.size();
      }
    };
  }

  private Object writeReplace() {
    return new HashMap<>(this);
  }
}
