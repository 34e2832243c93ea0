package io.spanwise.core.export.otlp;

import java.time.Duration;

/**
 * Sends one OTLP {@code ExportTraceServiceRequest} (protobuf bytes) to the collector and says what came
 * of it. Called on the agent's exporter thread only, one request at a time.
 */
public interface OtlpTransport {
  /** Package-private outcome type: only the exporter of this package calls it. */
  ExportOutcome send(byte[] request, Duration timeout);

  /**
   * The request held in {@code buffer[0, length)}; the caller may reuse the buffer for its next request
   * once this returns with a delivered outcome (the collector has read it all). By default, exactly those
   * bytes are copied and sent.
   */
  default ExportOutcome send(byte[] buffer, int length, Duration timeout) {
    return send(length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length), timeout);
  }

  /** Where the requests go, for the agent's log. */
  String endpoint();

  void close();
}
