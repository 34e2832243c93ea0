package io.spanwise.smoke.support;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A loopback OTLP/gRPC receiver: grpc-java with a hand-built service definition for
 * {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} (plaintext HTTP/2, gzip accepted).
 */
public final class OtlpGrpcReceiver extends TraceReceiver {
  static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

  private final Server server;

  private OtlpGrpcReceiver(Server server) {
    this.server = server;
  }

  public static OtlpGrpcReceiver start() {
    OtlpGrpcReceiver[] self = new OtlpGrpcReceiver[1];
    MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> export =
        MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Export"))
            .setRequestMarshaller(ProtoUtils.marshaller(ExportTraceServiceRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    ServerServiceDefinition definition = ServerServiceDefinition.builder(SERVICE)
        .addMethod(export, ServerCalls.asyncUnaryCall((request, response) -> {
          self[0].countExportRequest();
          self[0].accept(request);
          response.onNext(ExportTraceServiceResponse.getDefaultInstance());
          response.onCompleted();
        }))
        .build();
    Server server = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(definition)
        .build();
    self[0] = new OtlpGrpcReceiver(server);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return self[0];
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
