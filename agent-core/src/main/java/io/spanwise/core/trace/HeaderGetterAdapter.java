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

  boolean adapts(HeaderGetter<?> other) {
    return getter == other;
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
    String joined;
    if (!values.hasNext()) {
      joined = first;
    } else if (key.equalsIgnoreCase("traceparent")) {
      return null;
    } else {
      StringBuilder all = new StringBuilder(first);
      while (values.hasNext()) {
        all.append(',').append(values.next());
      }
      joined = all.toString();
    }
    return key.equalsIgnoreCase("tracestate") ? withoutEmptyMembers(joined) : joined;
  }

  /**
   * W3C Trace Context allows empty list members and optional whitespace around them
   * ({@code a=1 , ,b=2,,}); OpenTelemetry's parser rejects the whole list for them. They are removed
   * here, the members themselves left to its checks (grammar, 32 members, duplicates).
   */
  static String withoutEmptyMembers(String tracestate) {
    if (tracestate == null || (tracestate.indexOf(",,") < 0 && tracestate.indexOf(' ') < 0
        && tracestate.indexOf('\t') < 0 && !tracestate.startsWith(",") && !tracestate.endsWith(","))) {
      return tracestate;
    }
    StringBuilder out = new StringBuilder(tracestate.length());
    int start = 0;
    while (start <= tracestate.length()) {
      int end = tracestate.indexOf(',', start);
      if (end < 0) {
        end = tracestate.length();
      }
      int from = start;
      int to = end;
      while (from < to && isOws(tracestate.charAt(from))) {
        from++;
      }
      while (to > from && isOws(tracestate.charAt(to - 1))) {
        to--;
      }
      if (to > from) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(tracestate, from, to);
      }
      start = end + 1;
    }
    return out.toString();
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }
}
