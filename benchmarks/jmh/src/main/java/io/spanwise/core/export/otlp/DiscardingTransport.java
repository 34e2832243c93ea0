package io.spanwise.core.export.otlp;

import java.time.Duration;

/**
 * For the benchmarks: an OTLP transport that takes the request's bytes and answers "delivered" at once,
 * counting requests and bytes (in the exporter's package, whose outcome type is package-private).
 */
public final class DiscardingTransport implements OtlpTransport {
  public long requests;
  public long bytes;

  @Override
  public ExportOutcome send(byte[] request, Duration timeout) {
    requests++;
    bytes += request.length;
    return ExportOutcome.DELIVERED;
  }

  /** As the HTTP transport: the bytes are sent from the exporter's buffer, not copied. */
  @Override
  public ExportOutcome send(byte[] buffer, int length, Duration timeout) {
    requests++;
    bytes += length;
    return ExportOutcome.DELIVERED;
  }

  @Override
  public String endpoint() {
    return "discard:";
  }

  @Override
  public void close() {}
}
