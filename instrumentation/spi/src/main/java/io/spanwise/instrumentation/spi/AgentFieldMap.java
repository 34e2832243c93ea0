package io.spanwise.instrumentation.spi;

import io.spanwise.bootstrap.api.AgentField;

/**
 * A value per object of a type instrumented {@link TypeInstrumentation#withAgentField with the agent's
 * field}: kept in that field when the object's class has it, in a weak identity map when it does not (the
 * class was loaded before the agent, or is {@code Serializable}). Either way an entry never keeps the
 * object alive, and an object in the field costs no map entry and no look-up.
 *
 * <p>An object has one agent field. Each map keeps values of one type in it; should two maps ever meet on
 * one object (a class that is both a JDBC statement and a connection), the second one's values go to its
 * weak map.
 *
 * @param <V> the values
 */
public final class AgentFieldMap<V> {
  private final Class<V> type;
  private final WeakKeyMap<Object, V> fallback = new WeakKeyMap<>();

  public AgentFieldMap(Class<V> type) {
    this.type = type;
  }

  /** The value kept for {@code key}, or null. */
  public V get(Object key) {
    if (key instanceof AgentField) {
      Object value = ((AgentField) key).spanwise$value();
      if (value == null || type.isInstance(value)) {
        return type.cast(value);
      }
    }
    return fallback.approximateSize() == 0 ? null : fallback.get(key);
  }

  /** Keeps {@code value} for {@code key}, replacing what was kept. */
  public void put(Object key, V value) {
    if (key instanceof AgentField) {
      AgentField field = (AgentField) key;
      Object current = field.spanwise$value();
      if (current == null || type.isInstance(current)) {
        field.spanwise$value(value);
        return;
      }
    }
    fallback.put(key, value);
  }

  /** Forgets what was kept for {@code key}; returns it (null if nothing was). */
  public V remove(Object key) {
    if (key instanceof AgentField) {
      AgentField field = (AgentField) key;
      Object value = field.spanwise$value();
      if (type.isInstance(value)) {
        field.spanwise$value(null);
        return type.cast(value);
      }
    }
    return fallback.approximateSize() == 0 ? null : fallback.remove(key);
  }

  /** Entries of the weak map, for objects without the field (including collected ones not yet expunged). */
  public int fallbackSize() {
    return fallback.size();
  }
}
