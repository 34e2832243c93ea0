package io.spanwise.grpctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.grpc.enabled=false}: no span, nothing added to the metadata. */
class GrpcDisabledTest {
  @Test
  void theSwitchTurnsGrpcOff() throws Exception {
    InProcessAgent.install(Map.of("otel.instrumentation.grpc.enabled", "false"));
    Server server = InProcessServerBuilder.forName("off")
        .addService(ServerInterceptors.intercept(Greeter.service(), Greeter.APPLICATION_INTERCEPTOR)).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName("off").build();
    try {
      assertThat(ClientCalls.blockingUnaryCall(channel, Greeter.SAY_HELLO, CallOptions.DEFAULT, "off")).isEqualTo("hello off");

      assertThat(Greeter.receivedTraceparent.get()).isNull();
      assertThat(InProcessAgent.awaitExactly(0, Duration.ofSeconds(1))).isEmpty();
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
