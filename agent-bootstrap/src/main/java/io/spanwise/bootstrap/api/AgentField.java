package io.spanwise.bootstrap.api;

/**
 * A field the agent adds to the classes an instrumentation asks it for
 * ({@code TypeInstrumentation.withAgentField}), with its two accessors: what the agent remembers about one
 * object (the SQL a statement was prepared with, a connection's database), kept on the object instead of
 * in a weak map, whose entry costs about 64 bytes and a hash look-up per use.
 *
 * <p>Only classes woven as they first load get it (a class loaded before the agent cannot gain a field),
 * and not a {@code Serializable} class (an added interface would change its default serial version). The
 * agent's code therefore always has a fallback: {@code AgentFieldMap} in the SPI. The names carry a
 * {@code $} so that they cannot clash with the application's own methods.
 */
public interface AgentField {
  /** The agent's value for this object, or null. */
  Object spanwise$value();

  void spanwise$value(Object value);
}
