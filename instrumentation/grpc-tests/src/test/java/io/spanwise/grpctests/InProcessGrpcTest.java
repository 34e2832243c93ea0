package io.spanwise.grpctests;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ServerInterceptors;
import io.spanwise.testing.InProcessAgent;
import org.junit.jupiter.api.BeforeAll;

/** The in-process transport (server and channel in the same JVM, no network). */
class InProcessGrpcTest extends GrpcContract {
  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install();
    server = InProcessServerBuilder.forName("greeter")
        .addService(ServerInterceptors.intercept(Greeter.service(), Greeter.APPLICATION_INTERCEPTOR)).build().start();
    innerServer = InProcessServerBuilder.forName("inner").addService(Greeter.innerService()).build().start();
    channel = InProcessChannelBuilder.forName("greeter").build();
    innerChannel = InProcessChannelBuilder.forName("inner").build();
    Greeter.inner = innerChannel;
  }

  @Override
  String expectedAddress() {
    return "localhost"; // an in-process channel's default authority
  }

  @Override
  Long expectedPort() {
    return null;
  }

  @Override
  ManagedChannel unreachable() {
    return InProcessChannelBuilder.forName("nobody-listens-here").build();
  }
}
