package io.spanwise.instrumentation.isolationcheck;

import io.spanwise.instrumentation.spi.InstrumentationModule;

/**
 * A helper that breaks the boundary: it names a class of the agent's side (the SPI), which the
 * application's class loader, where helpers run, cannot see.
 */
public final class LeakyHelper {
  private LeakyHelper() {}

  public static String decorate(String greeting) {
    return greeting + ", " + InstrumentationModule.class.getSimpleName();
  }
}
