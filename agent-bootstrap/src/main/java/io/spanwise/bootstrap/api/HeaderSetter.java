package io.spanwise.bootstrap.api;

/**
 * Writes a propagation header into a carrier, replacing a value of the same name.
 *
 * @param <C> the carrier type
 */
public interface HeaderSetter<C> {
  void set(C carrier, String name, String value);
}
