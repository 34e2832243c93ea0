package io.spanwise.instrumentation.spi;

import java.util.List;

/**
 * One library family's instrumentation (servlet, jdbc, ...). Modules are found with
 * {@link java.util.ServiceLoader}; the core applies the enabled ones.
 *
 * <p>A module's classes live in the agent's isolated class loader. Advice classes are never loaded there:
 * Byte Buddy reads their bytes and inlines them. Helper classes (classes the advice instantiates, such as
 * header getters or listeners implementing a library interface) are injected into the class loader of
 * each instrumented type, so they can see the library.
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
   * Binary names of helper classes to inject next to the instrumented types, supertypes before the
   * classes that extend or implement them (a class is linked to its supertypes when it is defined).
   */
  default List<String> helperClassNames() {
    return List.of();
  }
}
