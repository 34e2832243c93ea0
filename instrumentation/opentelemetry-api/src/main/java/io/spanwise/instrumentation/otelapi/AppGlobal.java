package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.OpenTelemetry;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiBridge;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;

/**
 * Whom {@code GlobalOpenTelemetry} serves, for the application API in this class loader (helper): the
 * bridge, unless the application registered its own OpenTelemetry with {@code GlobalOpenTelemetry.set}
 * (its own SDK, say) and the agent keeps application registrations (the default).
 */
public final class AppGlobal {
  private static volatile boolean applicationRegistered;

  private AppGlobal() {}

  /** The bridge when it serves {@code GlobalOpenTelemetry.get()}; null when the application's own does. */
  public static OpenTelemetry serving() {
    return applicationRegistered ? null : BridgedOpenTelemetry.INSTANCE;
  }

  /** {@code GlobalOpenTelemetry.set(openTelemetry)} is called: true to skip it (registrations ignored). */
  public static boolean ignoreRegistration(OpenTelemetry openTelemetry) {
    OtelApiBridge bridge = OtelApiTracing.bridge();
    if (openTelemetry == null || bridge.keepsApplicationOpenTelemetry()) {
      return false;
    }
    bridge.applicationRegistered(describe(openTelemetry), false);
    return true;
  }

  /** {@code GlobalOpenTelemetry.set(openTelemetry)} returned normally: the application's is registered. */
  public static void registered(OpenTelemetry openTelemetry) {
    if (openTelemetry == null || openTelemetry == BridgedOpenTelemetry.INSTANCE) {
      return;
    }
    applicationRegistered = true;
    OtelApiTracing.bridge().applicationRegistered(describe(openTelemetry), true);
  }

  /** {@code GlobalOpenTelemetry.resetForTest()}: the bridge serves again. */
  public static void reset() {
    applicationRegistered = false;
  }

  private static String describe(OpenTelemetry openTelemetry) {
    return openTelemetry.getClass().getName();
  }
}
