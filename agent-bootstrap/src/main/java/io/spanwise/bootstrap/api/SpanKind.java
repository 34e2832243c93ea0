package io.spanwise.bootstrap.api;

/** The kind of a span, as the OpenTelemetry API names them. */
public enum SpanKind {
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER
}
