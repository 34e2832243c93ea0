package io.spanwise.log4jmdctests;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.SpanKind;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A SERVER span made current as servlet advice does, from incoming headers; the span the exporter got. */
final class Requests {
  private static final HeaderGetter<Map<String, String>> HEADERS = new HeaderGetter<>() {
    @Override
    public Iterator<String> getAll(Map<String, String> carrier, String name) {
      String value = carrier.get(name);
      return value == null ? Collections.emptyIterator() : List.of(value).iterator();
    }

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }
  };

  interface Body {
    void run() throws Exception;
  }

  private Requests() {}

  /** Runs the body in a request's span with these incoming headers; returns the ended span as exported. */
  static SpanData inRequest(Map<String, String> headers, Body body) throws Exception {
    InProcessAgent.reset();
    inUnexportedRequest(headers, body);
    List<SpanData> spans = InProcessAgent.awaitSpans(1, Duration.ofSeconds(10));
    return spans.get(spans.size() - 1);
  }

  /** As {@link #inRequest}, for a request whose span is not exported (not sampled). */
  static void inUnexportedRequest(Map<String, String> headers, Body body) throws Exception {
    ActiveSpan span = Tracing.startSpan(SpanKind.SERVER, "GET /orders", headers, HEADERS);
    try (ContextScope ignored = span.makeCurrent()) {
      body.run();
    } finally {
      span.end();
    }
  }

  static SpanData inRequest(Body body) throws Exception {
    return inRequest(Map.of(), body);
  }
}
