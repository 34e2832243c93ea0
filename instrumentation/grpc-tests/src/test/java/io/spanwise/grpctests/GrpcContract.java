package io.spanwise.grpctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every gRPC transport must do with the agent: spans, metadata, status, nesting. */
abstract class GrpcContract {
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static Server server;
  static Server innerServer;
  static ManagedChannel channel;
  static ManagedChannel innerChannel;

  /** The server's address and port as the client span names them (port null: none). */
  abstract String expectedAddress();

  abstract Long expectedPort();

  /** A channel to where no server listens. */
  abstract ManagedChannel unreachable();

  @AfterAll
  static void stop() {
    Greeter.hang.countDown();
    for (ManagedChannel c : new ManagedChannel[] {channel, innerChannel}) {
      if (c != null) {
        c.shutdownNow();
      }
    }
    for (Server s : new Server[] {server, innerServer}) {
      if (s != null) {
        s.shutdownNow();
      }
    }
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
    Greeter.receivedTraceparent.set(null);
  }

  @Test
  void unaryInsideARequestIsOneTraceAndTheServerSeesTheClientSpanInItsMetadata() throws Exception {
    ActiveSpan request = Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.SERVER, "request");
    String reply;
    try (ContextScope ignored = request.makeCurrent()) {
      reply = ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "world");
    } finally {
      request.end();
    }

    assertThat(reply).isEqualTo("hello world");
    List<SpanData> spans = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10));
    SpanData root = named(spans, "request");
    SpanData client = one(spans, SpanKind.CLIENT, "demo.Greeter/SayHello");
    SpanData server = one(spans, SpanKind.SERVER, "demo.Greeter/SayHello");
    assertThat(client.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(server.getTraceId()).isEqualTo(root.getTraceId());
    for (SpanData span : List.of(client, server)) {
      assertThat(span.getAttributes().get(RPC_SYSTEM)).isEqualTo("grpc");
      assertThat(span.getAttributes().get(RPC_SERVICE)).isEqualTo("demo.Greeter");
      assertThat(span.getAttributes().get(RPC_METHOD)).isEqualTo("SayHello");
      assertThat(span.getAttributes().get(RPC_STATUS)).isEqualTo(0L);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
    assertThat(client.getAttributes().get(SERVER_ADDRESS)).isEqualTo(expectedAddress());
    assertThat(client.getAttributes().get(SERVER_PORT)).isEqualTo(expectedPort());
    assertThat(Greeter.receivedTraceparent.get())
        .isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    // the application's server interceptor and its handler run inside the SERVER span
    assertThat(Greeter.spanInInterceptor.get()).isEqualTo(server.getSpanId());
    assertThat(Greeter.spanInHandler.get()).isEqualTo(server.getSpanId());
  }

  @Test
  void theGrpcVersionUnderTestIsTheOneExpected() throws Exception {
    Object version = Class.forName("io.grpc.internal.GrpcUtil").getField("IMPLEMENTATION_VERSION").get(null);
    assertThat(version).asString().startsWith(System.getProperty("spanwise.expected.grpc.version", "1.8"));
  }

  @Test
  void futureStubCall() throws Exception {
    assertThat(ClientCalls.futureUnaryCall(channel.newCall(Greeter.SAY_HELLO, CallOptions.DEFAULT), "future")
        .get(10, TimeUnit.SECONDS)).isEqualTo("hello future");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    assertThat(one(spans, SpanKind.SERVER, "demo.Greeter/SayHello").getParentSpanId())
        .isEqualTo(one(spans, SpanKind.CLIENT, "demo.Greeter/SayHello").getSpanId());
  }

  @Test
  void serverStreamingIsOneSpanEachSide() {
    List<String> replies = new ArrayList<>();
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, Greeter.COUNTDOWN, CallOptions.DEFAULT, "n");
    it.forEachRemaining(replies::add);

    assertThat(replies).containsExactly("n3", "n2", "n1");
    assertPair(InProcessAgent.awaitExactly(2, Duration.ofSeconds(10)), "demo.Greeter/Countdown");
  }

  @Test
  void clientStreamingRunsTheCallbackInTheCallersContext() throws Exception {
    Reply reply = new Reply();
    ActiveSpan request = Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.SERVER, "request");
    try (ContextScope ignored = request.makeCurrent()) {
      StreamObserver<String> out = ClientCalls.asyncClientStreamingCall(
          channel.newCall(Greeter.COLLECT, CallOptions.DEFAULT), reply);
      out.onNext("a");
      out.onNext("b");
      out.onCompleted();
    } finally {
      request.end();
    }

    assertThat(reply.result.get(10, TimeUnit.SECONDS)).isEqualTo("ab");
    List<SpanData> spans = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10));
    assertPair(spans, "demo.Greeter/Collect");
    assertThat(reply.spanInCallback).isEqualTo(named(spans, "request").getSpanId());
  }

  @Test
  void bidiStreamingIsOneSpanEachSide() throws Exception {
    Reply reply = new Reply();
    StreamObserver<String> out = ClientCalls.asyncBidiStreamingCall(channel.newCall(Greeter.CHAT, CallOptions.DEFAULT), reply);
    out.onNext("x");
    out.onNext("y");
    out.onCompleted();

    assertThat(reply.result.get(10, TimeUnit.SECONDS)).isEqualTo("re: xre: y");
    assertPair(InProcessAgent.awaitExactly(2, Duration.ofSeconds(10)), "demo.Greeter/Chat");
  }

  @Test
  void notFoundIsAClientErrorOnlyAndTheApplicationGetsItsStatus() {
    Throwable thrown = catchThrowable(() -> ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "missing"));

    assertThat(Status.fromThrowable(thrown).getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Status.fromThrowable(thrown).getDescription()).isEqualTo("no such greeting");
    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    SpanData client = one(spans, SpanKind.CLIENT, "demo.Greeter/SayHello");
    SpanData server = one(spans, SpanKind.SERVER, "demo.Greeter/SayHello");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("NOT_FOUND");
    assertThat(client.getAttributes().get(RPC_STATUS)).isEqualTo(5L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server.getAttributes().get(RPC_STATUS)).isEqualTo(5L);
  }

  @Test
  void aHandlerThatThrowsIsAnErrorOnBothSides() {
    Throwable thrown = catchThrowable(() -> ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "boom"));

    assertThat(Status.fromThrowable(thrown).getCode()).isEqualTo(Status.Code.UNKNOWN);
    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    for (SpanKind kind : List.of(SpanKind.CLIENT, SpanKind.SERVER)) {
      SpanData span = one(spans, kind, "demo.Greeter/SayHello");
      assertThat(span.getStatus().getStatusCode()).as(kind.name()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getAttributes().get(ERROR_TYPE)).as(kind.name()).isEqualTo("UNKNOWN");
      assertThat(span.getAttributes().get(RPC_STATUS)).as(kind.name()).isEqualTo(2L);
    }
    assertThat(one(spans, SpanKind.SERVER, "demo.Greeter/SayHello").getEvents())
        .anySatisfy(e -> assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("boom"));
  }

  @Test
  void unavailableWhenNoServerListens() {
    ManagedChannel nowhere = unreachable();
    try {
      Throwable thrown = catchThrowable(() -> ClientCalls.blockingUnaryCall(nowhere, Greeter.SAY_HELLO, CallOptions.DEFAULT, "anyone"));

      assertThat(Status.fromThrowable(thrown).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      SpanData client = one(InProcessAgent.awaitExactly(1, Duration.ofSeconds(10)), SpanKind.CLIENT, "demo.Greeter/SayHello");
      assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("UNAVAILABLE");
      assertThat(client.getAttributes().get(RPC_STATUS)).isEqualTo(14L);
    } finally {
      nowhere.shutdownNow();
    }
  }

  @Test
  void deadlineExceededIsAClientError() {
    // connected first, so that the deadline runs out while the server holds the call, not while connecting
    ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "warm-up");
    InProcessAgent.awaitSpans(2, Duration.ofSeconds(10));
    InProcessAgent.reset();
    Greeter.hang = new CountDownLatch(1);
    try {
      Throwable thrown = catchThrowable(() -> ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO,
          CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS), "hang"));

      assertThat(Status.fromThrowable(thrown).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    } finally {
      Greeter.hang.countDown();
    }
    SpanData client = one(InProcessAgent.awaitSpans(2, Duration.ofSeconds(10)), SpanKind.CLIENT, "demo.Greeter/SayHello");
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("DEADLINE_EXCEEDED");
  }

  @Test
  void aHandlersJdbcQueryIsAChildOfTheServerSpanAlsoFromAnExecutor() throws Exception {
    for (String request : List.of("sql", "hop")) {
      InProcessAgent.reset();
      assertThat(ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, request)).isEqualTo("hi from sql");

      List<SpanData> spans = InProcessAgent.awaitExactly(3, Duration.ofSeconds(10));
      SpanData server = one(spans, SpanKind.SERVER, "demo.Greeter/SayHello");
      List<SpanData> jdbc = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT && !s.getName().startsWith("demo."))
          .collect(Collectors.toList());
      assertThat(jdbc).as(request).singleElement().satisfies(s -> assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId()));
    }
  }

  @Test
  void aHandlerCallingAnotherServiceMakesOneTraceOfFourSpans() throws Exception {
    assertThat(ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "nested")).isEqualTo("echo inner");

    List<SpanData> spans = InProcessAgent.awaitExactly(4, Duration.ofSeconds(10));
    SpanData outerClient = one(spans, SpanKind.CLIENT, "demo.Greeter/SayHello");
    SpanData outerServer = one(spans, SpanKind.SERVER, "demo.Greeter/SayHello");
    SpanData innerClient = one(spans, SpanKind.CLIENT, "demo.Inner/Echo");
    SpanData innerServer = one(spans, SpanKind.SERVER, "demo.Inner/Echo");
    assertThat(outerServer.getParentSpanId()).isEqualTo(outerClient.getSpanId());
    assertThat(innerClient.getParentSpanId()).isEqualTo(outerServer.getSpanId());
    assertThat(innerServer.getParentSpanId()).isEqualTo(innerClient.getSpanId());
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(outerClient.getTraceId());
  }

  @Test
  void aMalformedTraceparentTheApplicationSentStaysAndTheServerStartsANewTrace() {
    ClientInterceptor malformed = new ClientInterceptor() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<RespT> listener, Metadata headers) {
            headers.put(Greeter.TRACEPARENT, "00-not-a-trace-01");
            super.start(listener, headers);
          }
        };
      }
    };
    Channel intercepted = ClientInterceptors.intercept(channel, malformed);

    assertThat(ClientCalls.blockingUnaryCall(intercepted, Greeter.SAY_HELLO, CallOptions.DEFAULT, "odd")).isEqualTo("hello odd");

    List<SpanData> spans = InProcessAgent.awaitExactly(2, Duration.ofSeconds(10));
    SpanData client = one(spans, SpanKind.CLIENT, "demo.Greeter/SayHello");
    SpanData server = one(spans, SpanKind.SERVER, "demo.Greeter/SayHello");
    assertThat(Greeter.receivedTraceparent.get()).isEqualTo("00-not-a-trace-01");
    assertThat(server.getParentSpanContext().isValid()).isFalse();
    assertThat(server.getTraceId()).isNotEqualTo(client.getTraceId());
  }

  static void assertPair(List<SpanData> spans, String name) {
    SpanData client = one(spans, SpanKind.CLIENT, name);
    SpanData server = one(spans, SpanKind.SERVER, name);
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(client.getAttributes().get(RPC_STATUS)).isEqualTo(0L);
    assertThat(server.getAttributes().get(RPC_STATUS)).isEqualTo(0L);
  }

  static SpanData one(List<SpanData> spans, SpanKind kind, String name) {
    List<SpanData> matching = spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name))
        .collect(Collectors.toList());
    assertThat(matching).as(kind + " " + name + " in " + spans).hasSize(1);
    return matching.get(0);
  }

  static SpanData named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  /** Collects a call's replies; notes the span current in the application's callback. */
  static final class Reply implements StreamObserver<String> {
    final CompletableFuture<String> result = new CompletableFuture<>();
    final StringBuilder all = new StringBuilder();
    volatile String spanInCallback;

    @Override
    public void onNext(String value) {
      spanInCallback = Tracing.currentSpanId();
      all.append(value);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      result.complete(all.toString());
    }
  }
}
