package io.spanwise.instrumentation.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code prefix + name} made once per name (a topic): destinations are few, and the span name is
 * otherwise a string built for every message. Emptied if it ever holds {@value #MAX} names.
 */
public final class SpanNames {
  private static final int MAX = 1000;
  private final String prefix;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  public SpanNames(String prefix) {
    this.prefix = prefix;
  }

  public String of(String name) {
    if (name == null) {
      return prefix.trim();
    }
    String full = names.get(name);
    if (full == null) {
      full = prefix + name;
      if (names.size() >= MAX) {
        names.clear();
      }
      names.put(name, full);
    }
    return full;
  }
}
