package io.spanwise.instrumentation.isolationcheck;

/** A helper as they should be: the JDK only (and the bootstrap API, the library). Injected by the core. */
public final class TidyHelper {
  private TidyHelper() {}

  public static String decorate(String greeting) {
    return greeting + ", tidy";
  }
}
