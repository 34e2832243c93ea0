package io.spanwise.core.export.otlp;

import java.time.Duration;

/**
 * What the collector made of one export request: delivered, worth retrying (down, overloaded, asking
 * for back-pressure; with the delay it asked for, if any), or refused for good (a request it will never
 * accept, such as 400: retrying would only repeat the refusal).
 */
final class ExportOutcome {
  static final ExportOutcome DELIVERED = new ExportOutcome(Kind.DELIVERED, null, null);

  enum Kind { DELIVERED, RETRYABLE, REFUSED }

  final Kind kind;
  /** Why it failed, for the agent's log; null when delivered. */
  final String reason;
  /** The delay the collector asked for (Retry-After, gRPC RetryInfo), or null. */
  final Duration retryAfter;

  private ExportOutcome(Kind kind, String reason, Duration retryAfter) {
    this.kind = kind;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  static ExportOutcome retryable(String reason, Duration retryAfter) {
    return new ExportOutcome(Kind.RETRYABLE, reason, retryAfter);
  }

  static ExportOutcome refused(String reason) {
    return new ExportOutcome(Kind.REFUSED, reason, null);
  }

  @Override
  public String toString() {
    return kind + (reason == null ? "" : " (" + reason + ")") + (retryAfter == null ? "" : " retry after " + retryAfter);
  }
}
