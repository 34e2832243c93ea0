package io.spanwise.instrumentation.spi;

import java.util.List;

/**
 * One library family's instrumentation (servlet, jdbc, ...). Modules are found with
 * {@link java.util.ServiceLoader}; the core applies the enabled ones.
 *
 * <p>A module's classes live in the agent's isolated class loader. Advice classes are never loaded there:
 * Byte Buddy reads their bytes and inlines them. Helper classes (classes the advice instantiates, such as
 * header getters or listeners implementing a library interface) are injected into the class loader of
 * each instrumented type, so they can see the library: they are found, not listed (every class of the
 * module's packages the advice reaches). Its boot-side facade, under
 * {@code io.spanwise.bootstrap.instrumentation.<module>}, is defined in the bootstrap loader with the
 * advice API; its agent-side code (the tracer) stays here and is installed through {@link #install}.
 */
public interface InstrumentationModule {
  /** The name in {@code otel.instrumentation.<name>.enabled}. */
  String name();

  /** Whether the module is on when neither its own flag nor the common default says otherwise. */
  default boolean defaultEnabled() {
    return true;
  }

  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Called once when the module is enabled, before any advice of it can run: the module builds its
   * agent-side tracer from the context and installs it behind its boot-side facade (its classes under
   * {@code io.spanwise.bootstrap.instrumentation.<module>}). Modules whose advice only needs the neutral
   * {@code Tracing} API have nothing to do.
   */
  default void install(InstrumentationContext context) {}
}
