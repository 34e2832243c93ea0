package io.spanwise.smoke.support;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A loopback OTLP/gRPC receiver: grpc-java with a hand-built service definition for
 * {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} (HTTP/2, gzip accepted), plaintext or
 * TLS requiring a client certificate. It can be told to fail every call with a status (e.g.
 * RESOURCE_EXHAUSTED) carrying a {@code google.rpc.RetryInfo} in {@code grpc-status-details-bin}, as a
 * collector asking for back-pressure does.
 */
public final class OtlpGrpcReceiver extends TraceReceiver {
  static final String SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";

  private final Server server;
  private final boolean tls;
  private volatile Status.Code failWith;
  private volatile Duration retryDelay;

  private OtlpGrpcReceiver(Server server, boolean tls) {
    this.server = server;
    this.tls = tls;
  }

  public static OtlpGrpcReceiver start() {
    return start(null);
  }

  /** TLS with this key and certificate (PEM files), requiring a client certificate signed by {@code ca}. */
  public static OtlpGrpcReceiver startTls(Path certificate, Path key, Path ca) {
    try {
      return start(TlsServerCredentials.newBuilder()
          .keyManager(certificate.toFile(), key.toFile())
          .trustManager(ca.toFile())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OtlpGrpcReceiver start(ServerCredentials credentials) {
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
          long arrived = System.nanoTime();
          OtlpGrpcReceiver receiver = self[0];
          receiver.countExportRequest();
          Status.Code code = receiver.failWith;
          if (code != null) {
            receiver.recordArrival(arrived, code.value());
            com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage("the receiver plays a collector answering " + code);
            Duration delay = receiver.retryDelay;
            if (delay != null) {
              status.addDetails(Any.pack(RetryInfo.newBuilder()
                  .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                      .setSeconds(delay.getSeconds()).setNanos(delay.getNano()))
                  .build()));
            }
            response.onError(StatusProto.toStatusRuntimeException(status.build()));
            return;
          }
          receiver.recordArrival(arrived, 0);
          receiver.accept(request);
          response.onNext(ExportTraceServiceResponse.getDefaultInstance());
          response.onCompleted();
        }))
        .build();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    Server server = (credentials == null ? NettyServerBuilder.forAddress(address)
        : NettyServerBuilder.forAddress(address, credentials))
        .addService(definition)
        .build();
    self[0] = new OtlpGrpcReceiver(server, credentials != null);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return self[0];
  }

  /** From now on fail every export with {@code code}, with a RetryInfo of {@code retryDelay} (null: none). */
  public OtlpGrpcReceiver failWith(Status.Code code, Duration retryDelay) {
    this.retryDelay = retryDelay;
    this.failWith = code;
    return this;
  }

  /** From now on accept every export. */
  public OtlpGrpcReceiver up() {
    this.failWith = null;
    return this;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public String endpoint() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
