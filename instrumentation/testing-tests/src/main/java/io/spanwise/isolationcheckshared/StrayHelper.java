package io.spanwise.isolationcheckshared;

/** A helper outside the module's packages: the core does not look for helpers here, so never injects it. */
public final class StrayHelper {
  private StrayHelper() {}

  public static String decorate(String greeting) {
    return greeting + ", stray";
  }
}
