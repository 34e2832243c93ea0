package io.spanwise.benchmarks;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.grpc.GrpcTracing;
import io.spanwise.instrumentation.grpc.SpanwiseClientInterceptor;
import io.spanwise.instrumentation.grpc.SpanwiseServerInterceptor;
import io.spanwise.instrumentation.grpc.agent.GrpcTracer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the grpc module adds to a real unary call: an in-process server and channel (grpc-java, direct
 * executors, so the whole call runs on the benchmark thread and nothing but gRPC's own work is measured),
 * a hand-written method with a UTF-8 string marshaller. {@code traced=false} is the plain call;
 * {@code traced=true} adds what the agent adds when the channel and the server are built: its client
 * interceptor (CLIENT span, context injected into the metadata, span ended on close) and its server
 * interceptor (SERVER span from the extracted context, current around the handler, ended on close),
 * with the agent's real bridge and the grpc module's tracer over the SDK (batch processor, discarding
 * exporter). The difference between the two is the cost of the two spans on one call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GrpcCallBenchmark {
  private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
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

  private static final MethodDescriptor<String, String> SAY_HELLO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Greeter", "SayHello"))
      .setRequestMarshaller(UTF8)
      .setResponseMarshaller(UTF8)
      .build();

  @Param({"false", "true"})
  public boolean traced;

  private Spans spans;
  private Server server;
  private ManagedChannel channel;
  private Channel calls;

  @Setup
  public void setUp() throws IOException {
    spans = new Spans();
    if (traced) {
      Tracing.install(spans.bridge);
      GrpcTracing.install(new GrpcTracer(spans.context));
    }
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Greeter")
        .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext("hello " + request);
          out.onCompleted();
        }))
        .build();
    String name = "grpc-benchmark-" + traced;
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(traced ? ServerInterceptors.intercept(service, SpanwiseServerInterceptor.INSTANCE) : service)
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    calls = traced ? ClientInterceptors.intercept(channel, SpanwiseClientInterceptor.INSTANCE) : channel;
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    Tracing.install(null);
    GrpcTracing.install(null);
    spans.close();
  }

  @Benchmark
  public String unaryCall() {
    return ClientCalls.blockingUnaryCall(calls, SAY_HELLO, CallOptions.DEFAULT, "bench");
  }
}
