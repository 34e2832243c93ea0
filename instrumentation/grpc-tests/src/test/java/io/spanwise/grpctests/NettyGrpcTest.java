package io.spanwise.grpctests;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.spanwise.testing.InProcessAgent;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;

/** Netty (grpc-netty-shaded) on loopback; the inner service is reached through {@code Grpc.newChannelBuilder}. */
class NettyGrpcTest extends GrpcContract {
  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("localhost", 0))
        .addService(ServerInterceptors.intercept(Greeter.service(), Greeter.APPLICATION_INTERCEPTOR)).build().start();
    innerServer = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(Greeter.innerService()).build().start();
    channel = NettyChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext().build();
    innerChannel = Grpc.newChannelBuilder("localhost:" + innerServer.getPort(), InsecureChannelCredentials.create()).build();
    Greeter.inner = innerChannel;
  }

  @Override
  String expectedAddress() {
    return "localhost";
  }

  @Override
  Long expectedPort() {
    return (long) server.getPort();
  }

  @Override
  ManagedChannel unreachable() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return NettyChannelBuilder.forAddress("localhost", closedPort).usePlaintext().build();
  }
}
