package io.spanwise.smoke.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The test harness itself, without the agent: the receivers decode what OTLP senders send. */
class HarnessTest {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  static ExportTraceServiceRequest request(String spanName) {
    HexFormat hex = HexFormat.of();
    Span span = Span.newBuilder()
        .setName(spanName)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setTraceId(ByteString.copyFrom(hex.parseHex(TRACE_ID)))
        .setSpanId(ByteString.copyFrom(hex.parseHex("b7ad6b7169203331")))
        .setParentSpanId(ByteString.copyFrom(hex.parseHex("00f067aa0ba902b7")))
        .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
            .setValue(AnyValue.newBuilder().setIntValue(200)))
        .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("harness"))))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
        .build();
  }

  @Test
  void theHttpReceiverDecodesPlainAndGzippedProtobuf() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      HttpClient client = HttpClient.newHttpClient();
      byte[] plain = request("plain").toByteArray();
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(request("gzipped").toByteArray());
      }
      HttpResponse<byte[]> r1 = client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(plain)).build(), HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> r2 = client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
          .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r1.statusCode()).isEqualTo(200);
      assertThat(r2.statusCode()).isEqualTo(200);
      ExportTraceServiceResponse.parseFrom(r1.body());

      receiver.awaitSpans(2, Duration.ofSeconds(5));
      ReceivedSpan span = receiver.awaitSpan("gzipped");
      assertThat(span.traceId()).isEqualTo(TRACE_ID);
      assertThat(span.spanId()).isEqualTo("b7ad6b7169203331");
      assertThat(span.parentSpanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(span.attributes()).containsEntry("http.response.status_code", 200L);
      assertThat(span.resourceAttributes()).containsEntry("service.name", "harness");
      assertThat(receiver.exportRequests()).isEqualTo(2);
      assertThat(receiver.problems()).isEmpty();

      receiver.failWith(503);
      HttpResponse<byte[]> r3 = client.send(HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
          .header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(plain)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r3.statusCode()).isEqualTo(503);
      assertThat(receiver.spans()).hasSize(2);
    }
  }

  @Test
  void theGrpcReceiverDecodesExportCalls() throws Exception {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.start()) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.port()).usePlaintext().build();
      try {
        MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> export =
            MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(OtlpGrpcReceiver.SERVICE, "Export"))
                .setRequestMarshaller(ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                .build();
        ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT.withCompression("gzip"), request("over-grpc"));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(receiver.awaitSpan("over-grpc").traceId()).isEqualTo(TRACE_ID);
    }
  }

  @Test
  void aChildJvmIsStartedWatchedAndStopped() {
    try (ChildJvm app = ChildJvm.builder("harness-demo").noAgent().jar(SmokeEnv.demoJar()).args("--port", "0").start()) {
      int port = app.awaitPort();
      assertThat(Http.get(port, "/orders/42").body()).startsWith("order 42:");
      assertThat(app.stop()).isNotEqualTo(-1);
      assertThat(app.isAlive()).isFalse();
      assertThat(app.stdout()).contains("Demo listening on http://127.0.0.1:" + port);
    }
  }
}
