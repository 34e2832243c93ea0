package io.opentelemetry.api.trace;

/**
 * COMPILE-TIME STUB, never packaged (the module's jar excludes {@code io/opentelemetry/**}): the name of
 * API 1.4's {@code TracerBuilder}, absent from the 1.0 API the module compiles against, so that
 * {@code BridgedTracerProvider} can override {@code TracerProvider.tracerBuilder}. At run time the
 * application's own (1.4+) interface is used, or none (1.0-1.3, where nothing calls the method).
 */
public interface TracerBuilder {
  TracerBuilder setSchemaUrl(String schemaUrl);

  TracerBuilder setInstrumentationVersion(String instrumentationScopeVersion);

  Tracer build();
}
