package io.spanwise.bootstrap.instrumentation.otelapi;

/**
 * What the application-side bridge calls: the {@link OtelApiBridge} the agent installed (NOOP until
 * then).
 */
public final class OtelApiTracing {
  private static volatile OtelApiBridge bridge = OtelApiBridge.NOOP;

  private OtelApiTracing() {}

  public static void install(OtelApiBridge implementation) {
    bridge = implementation == null ? OtelApiBridge.NOOP : implementation;
  }

  /** Never null. */
  public static OtelApiBridge bridge() {
    return bridge;
  }
}
