package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The agent's SDK as the application's {@code TracerProvider}: tracers of the application's scope names
 * (helper). {@code tracerBuilder} (API 1.4 and later) is served by advice on the API's default method,
 * since its type does not exist in API 1.0 ({@link TracerBuilders}).
 */
public final class BridgedTracerProvider implements TracerProvider {
  public static final BridgedTracerProvider INSTANCE = new BridgedTracerProvider();

  private final ConcurrentMap<String, Tracer> tracers = new ConcurrentHashMap<>();

  private BridgedTracerProvider() {}

  @Override
  public Tracer get(String instrumentationName) {
    return tracer(instrumentationName, null, null);
  }

  @Override
  public Tracer get(String instrumentationName, String instrumentationVersion) {
    return tracer(instrumentationName, instrumentationVersion, null);
  }

  Tracer tracer(String name, String version, String schemaUrl) {
    String key = name + '\u0000' + version;
    Tracer tracer = tracers.get(key);
    if (tracer == null) {
      tracer = new BridgedTracer(OtelApiTracing.bridge().tracer(name, version, schemaUrl));
      if (tracers.size() < 1000) {
        tracers.put(key, tracer);
      }
    }
    return tracer;
  }
}
