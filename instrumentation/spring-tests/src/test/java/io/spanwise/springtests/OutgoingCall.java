package io.spanwise.springtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * A call from a traced caller to the test application's {@code /owners/7/pets/3} through one of Spring's
 * HTTP clients, and what its trace must be: the caller's span, one CLIENT span under it, the called
 * service's SERVER span continuing the CLIENT span.
 */
final class OutgoingCall {
  static final String PATH = SpringMvcApp.CONTEXT + "/owners/7/pets/3";

  private OutgoingCall() {}

  /** Runs {@code call} inside an INTERNAL span named {@code caller}; returns what it returned. */
  static String asCaller(Callable<String> call) throws Exception {
    ActiveSpan caller = Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.INTERNAL, "caller").activate();
    try {
      return call.call();
    } finally {
      caller.end(null);
    }
  }

  /** The trace of the call to {@code url}: caller, one CLIENT span, the SERVER span that continued it. */
  static void assertOneClientSpanTheServerContinues(String url) {
    List<SpanData> spans = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10));
    SpanData internal = spans.stream().filter(s -> s.getName().equals("caller")).findFirst().orElseThrow();
    List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).as("one CLIENT span for the call").hasSize(1);
    SpanData client = clients.get(0);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getParentSpanId()).isEqualTo(internal.getSpanId());
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(url);
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(server.getName()).isEqualTo("GET /shop/owners/{ownerId}/pets/{petId}");
    assertThat(server.getParentSpanId()).as("the server continues the CLIENT span").isEqualTo(client.getSpanId());
    assertThat(server.getTraceId()).isEqualTo(internal.getTraceId());
  }
}
