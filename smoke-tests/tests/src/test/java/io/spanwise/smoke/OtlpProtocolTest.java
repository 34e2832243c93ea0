package io.spanwise.smoke;

import static io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpGrpcReceiver;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.ReceivedSpan;
import io.spanwise.smoke.support.SmokeTest;
import io.spanwise.smoke.support.TraceReceiver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code otel.exporter.otlp.protocol} and {@code compression}: spans reach an HTTP or a gRPC collector. */
class OtlpProtocolTest extends SmokeTest {

  @ParameterizedTest(name = "protocol={0} compression={1}")
  @CsvSource({"grpc, none", "grpc, gzip", "http/protobuf, gzip"})
  void spansArrive(String protocol, String compression) {
    TraceReceiver receiver = track(protocol.equals("grpc") ? OtlpGrpcReceiver.start() : OtlpReceiver.start());
    ChildJvm app = track(demo(Jdk.current(), receiver)
        .sysProp("otel.exporter.otlp.protocol", protocol)
        .sysProp("otel.exporter.otlp.compression", compression)
        .start());
    int port = app.awaitPort();

    assertThat(Http.get(port, "/checkout?item=book").statusCode()).isEqualTo(200);

    ReceivedSpan span = receiver.awaitSpan("GET /checkout");
    assertThat(span.kind()).isEqualTo(SPAN_KIND_SERVER);
    assertThat(span.attributes()).containsEntry("http.response.status_code", 200L);
    assertThat(span.resourceAttributes()).containsEntry("service.name", DEMO_SERVICE);
    if (receiver instanceof OtlpReceiver) {
      assertThat(((OtlpReceiver) receiver).requestLines())
          .as("the exports were gzip-compressed")
          .anyMatch(l -> l.startsWith("POST /v1/traces ") && l.endsWith(" gzip"));
    }
  }
}
