package io.spanwise.instrumentation.otelapi;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.spanwise.bootstrap.instrumentation.otelapi.OtelApiTracing;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The agent's SDK as the application's {@code TracerProvider}: tracers of the application's scope names
 * (helper).
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

  /**
   * {@code TracerProvider.tracerBuilder} of API 1.4 and later, whose default answers a no-op builder. Its
   * type is not in API 1.0: compiled against a stub, it only names it in its descriptor and in a
   * {@code checkcast}, which the JVM resolves when the method runs (on 1.4+ only), never when it loads or
   * verifies this class. The builder is a proxy of the application's interface ({@link TracerBuilders}).
   */
  public io.opentelemetry.api.trace.TracerBuilder tracerBuilder(String instrumentationScopeName) {
    Object builder = TracerBuilders.create(instrumentationScopeName == null ? "unknown" : instrumentationScopeName);
    return (io.opentelemetry.api.trace.TracerBuilder) builder;
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
