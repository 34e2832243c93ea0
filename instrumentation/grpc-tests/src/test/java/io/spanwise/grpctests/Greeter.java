package io.spanwise.grpctests;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.spanwise.bootstrap.api.Tracing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny gRPC service as an application writes it, without protoc: hand-written method descriptors with a
 * UTF-8 string marshaller, handlers through grpc-stub's {@code ServerCalls}.
 */
final class Greeter {
  static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static final MethodDescriptor<String, String> SAY_HELLO = method("demo.Greeter", "SayHello", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> COUNTDOWN = method("demo.Greeter", "Countdown", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> COLLECT = method("demo.Greeter", "Collect", MethodDescriptor.MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> CHAT = method("demo.Greeter", "Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<String, String> ECHO = method("demo.Inner", "Echo", MethodDescriptor.MethodType.UNARY);

  static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  /** What the application's own server interceptor saw: the metadata's traceparent, the current span. */
  static final AtomicReference<String> receivedTraceparent = new AtomicReference<>();
  static final AtomicReference<String> spanInInterceptor = new AtomicReference<>();
  static final AtomicReference<String> spanInHandler = new AtomicReference<>();
  static volatile CountDownLatch hang = new CountDownLatch(1);
  /** Where "nested" calls the inner service. */
  static volatile Channel inner;

  private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);

  private Greeter() {}

  static MethodDescriptor<String, String> method(String service, String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(STRING).setResponseMarshaller(STRING).build();
  }

  static final ServerInterceptor APPLICATION_INTERCEPTOR = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      receivedTraceparent.set(headers.get(TRACEPARENT));
      spanInInterceptor.set(Tracing.currentSpanId());
      return next.startCall(call, headers);
    }
  };

  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder("demo.Greeter")
        .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall(Greeter::sayHello))
        .addMethod(COUNTDOWN, ServerCalls.asyncServerStreamingCall((request, out) -> {
          for (int i = 3; i > 0; i--) {
            out.onNext(request + i);
          }
          out.onCompleted();
        }))
        .addMethod(COLLECT, ServerCalls.asyncClientStreamingCall(out -> new StreamObserver<String>() {
          private final StringBuilder all = new StringBuilder();

          @Override
          public void onNext(String value) {
            all.append(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onNext(all.toString());
            out.onCompleted();
          }
        }))
        .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            out.onNext("re: " + value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        }))
        .build();
  }

  static ServerServiceDefinition innerService() {
    return ServerServiceDefinition.builder("demo.Inner")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext("echo " + request);
          out.onCompleted();
        }))
        .build();
  }

  private static void sayHello(String request, StreamObserver<String> out) {
    spanInHandler.set(Tracing.currentSpanId());
    switch (request) {
      case "missing":
        out.onError(Status.NOT_FOUND.withDescription("no such greeting").asRuntimeException());
        return;
      case "boom":
        throw new IllegalStateException("boom");
      case "sql":
        out.onNext(query());
        out.onCompleted();
        return;
      case "hop":
        WORKERS.execute(() -> {
          out.onNext(query());
          out.onCompleted();
        });
        return;
      case "nested":
        out.onNext(ClientCalls.blockingUnaryCall(inner, ECHO, CallOptions.DEFAULT, "inner"));
        out.onCompleted();
        return;
      case "hang":
        try {
          hang.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.onNext("late");
        out.onCompleted();
        return;
      default:
        out.onNext("hello " + request);
        out.onCompleted();
    }
  }

  private static String query() {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:greeter");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 'hi from sql'")) {
      rows.next();
      return rows.getString(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
