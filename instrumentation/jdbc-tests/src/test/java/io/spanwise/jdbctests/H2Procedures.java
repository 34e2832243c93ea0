package io.spanwise.jdbctests;

/** Java methods H2 calls as stored procedures ({@code CREATE ALIAS}). */
public final class H2Procedures {
  private H2Procedures() {}

  public static int noop(int value) {
    return value;
  }

  /** The span id current where H2 runs this inside a query (the agent's view); {@code value} unchanged. */
  public static volatile String spanIdInside;

  public static int recordSpan(int value) {
    spanIdInside = io.spanwise.bootstrap.api.Tracing.currentSpanId();
    return value;
  }
}
