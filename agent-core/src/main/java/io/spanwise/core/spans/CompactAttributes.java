package io.spanwise.core.spans;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.internal.AttributeUtil;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A span's attributes in one array, key and value side by side, in the order they were set. The SDK keeps them in a
 * {@code HashMap} (a node per attribute, a table, a resize past twelve) and copies them once more when
 * the span is exported; a span has a dozen attributes at most, so a linear search finds a key as fast,
 * and an ended span's arrays are handed to the exporter as they are.
 *
 * <p>Not thread-safe: {@link CompactSpan} guards the writes, and only reads an ended span's
 * attributes without its lock.
 */
final class CompactAttributes implements Attributes {
  /** Key {@code i} at {@code 2i}, its value at {@code 2i + 1}. */
  private Object[] entries;
  private int size;
  /** Every attribute set, including those dropped for the span's limit: OTLP's dropped count. */
  private int totalAdded;
  /**
   * One bit per key held, {@link #bit its hash code's low six bits}: a key whose bit is clear is not
   * here, and is added without a search. Nearly every key is new to its span (a span's keys are distinct
   * constants), and the search of an absent key compared it with every key held, twice.
   */
  private long keyBits;

  /** @param capacity the attributes expected, the array grows past them */
  CompactAttributes(int capacity) {
    entries = new Object[2 * Math.max(capacity, 1)];
  }

  /**
   * Room for the attributes a span of this kind usually has: a server span has at most a dozen (HTTP's
   * method, route, scheme, path, query, server address and port, client address, user agent, protocol
   * version, status, error type), a database or client span five to eight.
   */
  static int expectedFor(SpanKind kind) {
    return kind == SpanKind.SERVER ? 12 : 8;
  }

  /**
   * Sets {@code key}, replacing its value if it is already set; a new key beyond {@code maxCount} is
   * dropped (and counted). Strings and string arrays are cut to {@code maxLength}.
   */
  <T> void put(AttributeKey<T> key, T value, int maxCount, int maxLength) {
    totalAdded++;
    long bit = bit(key);
    int index = (keyBits & bit) == 0 ? -1 : indexOf(key);
    Object limited = maxLength == Integer.MAX_VALUE ? value : AttributeUtil.applyAttributeLengthLimit(value, maxLength);
    if (index >= 0) {
      entries[2 * index + 1] = limited;
      return;
    }
    if (size >= maxCount) {
      return;
    }
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, 2 * Math.min(maxCount, 2 * size));
    }
    entries[2 * size] = key;
    entries[2 * size + 1] = limited;
    size++;
    keyBits |= bit;
  }

  /** Equal keys have equal hash codes, so an equal key's bit is set whenever the key is held. */
  private static long bit(AttributeKey<?> key) {
    return 1L << key.hashCode(); // a long shift takes the count's low six bits
  }

  /** The attributes the array has room for before it grows. */
  int capacity() {
    return entries.length / 2;
  }

  int totalAdded() {
    return totalAdded;
  }

  /** An independent copy, for a span read before it ended. */
  Attributes copy() {
    return toBuilder().build();
  }

  private int indexOf(AttributeKey<?> key) {
    // the agent's keys are constants, so identity finds them; the application's may be equal copies
    for (int i = 0; i < size; i++) {
      if (entries[2 * i] == key) {
        return i;
      }
    }
    for (int i = 0; i < size; i++) {
      if (entries[2 * i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    int index = (keyBits & bit(key)) == 0 ? -1 : indexOf(key);
    return index < 0 ? null : (T) entries[2 * index + 1];
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      ((BiConsumer) consumer).accept(entries[2 * i], entries[2 * i + 1]);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      map.put((AttributeKey<?>) entries[2 * i], entries[2 * i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public AttributesBuilder toBuilder() {
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i++) {
      put(builder, (AttributeKey<?>) entries[2 * i], entries[2 * i + 1]);
    }
    return builder;
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(AttributesBuilder builder, AttributeKey<T> key, Object value) {
    builder.put(key, (T) value);
  }

  /** Equal to any {@link Attributes} with the same keys and values, whatever their order. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Attributes && asMap().equals(((Attributes) other).asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
