package io.spanwise.core.export.otlp;

import java.time.Duration;

/**
 * Sends one OTLP {@code ExportTraceServiceRequest} (protobuf bytes) to the collector and says what came
 * of it. Called on the agent's exporter thread only, one request at a time.
 */
public interface OtlpTransport {
  /** Package-private outcome type: only the exporter of this package calls it. */
  ExportOutcome send(byte[] request, Duration timeout);

  /** Where the requests go, for the agent's log. */
  String endpoint();

  void close();
}
