package io.spanwise.core.propagation;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@code tracestate} list per W3C Trace Context Level 2, as an OpenTelemetry {@link TraceState}, so that
 * it travels in the span context like OpenTelemetry's own (child spans, samplers, the OTLP export, and
 * OpenTelemetry's writer, which writes any {@code TraceState} through {@link #forEach}).
 *
 * <p>OpenTelemetry 1.55's {@code TraceState} checks keys against Level 1's grammar (a vendor part after one
 * {@code @}, at most 241 + 14 characters around it), so it refuses Level 2 keys such as {@code foo@},
 * {@code foo@@bar}, {@code foo@bar@baz} or {@code t...t@vvvvvvvvvvvvvv} of 256 characters; and it drops the
 * whole list for a duplicated key. Level 2's grammar is simpler:
 *
 * <pre>
 * list        = list-member 0*31( OWS "," OWS list-member )
 * list-member = (key "=" value) / OWS
 * key         = ( lcalpha / DIGIT ) 0*255 ( keychar )
 * keychar     = lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"
 * value       = 0*255(chr) nblk-chr
 * nblk-chr    = %x21-2B / %x2D-3C / %x3E-7E
 * chr         = %x20 / nblk-chr
 * </pre>
 *
 * <p>{@link #parse} reads the combined header (several lines joined by commas, in order): empty members and
 * spaces or tabs around members are skipped; a key seen again keeps its first value (the spec lets a
 * vendor discard duplicates it did not make); a member outside the grammar, or more than 32 members,
 * makes the list invalid and it is discarded whole (the spec's "MAY discard the entire header", which the
 * W3C suite's strict level expects). Never throws.
 */
public final class W3CTraceState implements TraceState {
  static final int MAX_MEMBERS = 32;
  static final int MAX_KEY = 256;
  static final int MAX_VALUE = 256;

  private final String[] keys;
  private final String[] values;

  private W3CTraceState(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /**
   * The trace state of a combined {@code tracestate} header value, or {@link TraceState#getDefault()} (empty)
   * for {@code null}, an empty list or an invalid one.
   */
  public static TraceState parse(String header) {
    if (header == null || header.isEmpty()) {
      return TraceState.getDefault();
    }
    List<String> keys = new ArrayList<>(4);
    List<String> values = new ArrayList<>(4);
    int members = 0;
    int length = header.length();
    int start = 0;
    while (start <= length) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = length;
      }
      int from = start;
      int to = end;
      while (from < to && isOws(header.charAt(from))) {
        from++;
      }
      while (to > from && isOws(header.charAt(to - 1))) {
        to--;
      }
      if (to > from) {
        if (++members > MAX_MEMBERS) {
          return TraceState.getDefault();
        }
        int eq = header.indexOf('=', from);
        if (eq < 0 || eq >= to || !isKey(header, from, eq) || !isValue(header, eq + 1, to)) {
          return TraceState.getDefault();
        }
        String key = header.substring(from, eq);
        if (!keys.contains(key)) {
          keys.add(key);
          values.add(header.substring(eq + 1, to));
        }
      }
      start = end + 1;
    }
    if (keys.isEmpty()) {
      return TraceState.getDefault();
    }
    return new W3CTraceState(keys.toArray(new String[0]), values.toArray(new String[0]));
  }

  /** Level 2's key grammar. */
  public static boolean isKey(String key) {
    return key != null && isKey(key, 0, key.length());
  }

  /** Level 2's value grammar (at most 256 printable ASCII characters but {@code ,} and {@code =}, no trailing space). */
  public static boolean isValue(String value) {
    return value != null && isValue(value, 0, value.length());
  }

  private static boolean isKey(String s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > MAX_KEY) {
      return false;
    }
    char first = s.charAt(from);
    if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*'
          || c == '/' || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValue(String s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > MAX_VALUE || s.charAt(to - 1) == ' ') {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  @Override
  public String get(String key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  /** The members in list order (left to right), which is the order they are written in. */
  @Override
  public void forEach(BiConsumer<String, String> consumer) {
    for (int i = 0; i < keys.length; i++) {
      consumer.accept(keys[i], values[i]);
    }
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  @Override
  public TraceStateBuilder toBuilder() {
    return new Builder(keys, values);
  }

  /** The header value: {@code key=value} members joined by commas, in order. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TraceState)) {
      return false;
    }
    TraceState that = (TraceState) other;
    return that.size() == size() && new ArrayList<>(that.asMap().entrySet()).equals(new ArrayList<>(asMap().entrySet()));
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  /**
   * Changes per the spec's mutation rules: a key put (new or updated) moves to the left of the list; when that
   * makes 33 members, the right-most goes; a key or value outside Level 2's grammar is ignored.
   */
  private static final class Builder implements TraceStateBuilder {
    private final List<String> keys;
    private final List<String> values;

    Builder(String[] keys, String[] values) {
      this.keys = new ArrayList<>(Arrays.asList(keys));
      this.values = new ArrayList<>(Arrays.asList(values));
    }

    @Override
    public TraceStateBuilder put(String key, String value) {
      if (!isKey(key) || !isValue(value)) {
        return this;
      }
      remove(key);
      keys.add(0, key);
      values.add(0, value);
      if (keys.size() > MAX_MEMBERS) {
        keys.remove(keys.size() - 1);
        values.remove(values.size() - 1);
      }
      return this;
    }

    @Override
    public TraceStateBuilder remove(String key) {
      int i = keys.indexOf(key);
      if (i >= 0) {
        keys.remove(i);
        values.remove(i);
      }
      return this;
    }

    @Override
    public TraceState build() {
      if (keys.isEmpty()) {
        return TraceState.getDefault();
      }
      return new W3CTraceState(keys.toArray(new String[0]), values.toArray(new String[0]));
    }
  }
}
