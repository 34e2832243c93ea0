package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.TestRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** A SERVER span current on the test thread, as servlet advice makes it for a request. */
final class Requests {
  private Requests() {}

  static <T> T inRequest(Callable<T> body) throws Exception {
    ActiveSpan span = TestRequest.startServerSpan();
    try (ContextScope ignored = span.makeCurrent()) {
      return body.call();
    } finally {
      TestRequest.endServerSpan(span);
    }
  }

  /** The one SERVER span of the test request (waits for it and the CLIENT span). */
  static SpanData serverSpan() {
    List<SpanData> servers = InProcessAgent.awaitSpans(2, Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers).hasSize(1);
    return servers.get(0);
  }
}
