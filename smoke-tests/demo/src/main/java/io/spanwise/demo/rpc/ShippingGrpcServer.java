package io.spanwise.demo.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The shipping service over gRPC (Netty, 127.0.0.1 only): {@code shipping.Shipping/Quote}. The handler
 * looks the item up in the database on gRPC's thread (an unknown item is {@code NOT_FOUND}), then hands
 * the rest over to the service's own thread pool, which counts the item's orders (a stand-in for the
 * carrier's booking system) and answers. The answer names the {@code traceparent} the call's metadata
 * carried, so a caller can see which of its spans was the parent. The demo does nothing to carry the
 * trace: the agent extracts the context from the metadata, and keeps it current on the pool's thread.
 */
public final class ShippingGrpcServer implements AutoCloseable {
  static final String LOOKUP = "SELECT price_cents FROM inventory WHERE item = ?";
  static final String BOOKINGS = "SELECT COUNT(*) FROM orders WHERE item = ?";

  private static final Context.Key<String> RECEIVED_TRACEPARENT = Context.key("received-traceparent");

  private final Server server;
  private final ExecutorService carrier;

  private ShippingGrpcServer(Server server, ExecutorService carrier) {
    this.server = server;
    this.carrier = carrier;
  }

  /** Starts serving on 127.0.0.1:{@code port} (0: a free port). */
  public static ShippingGrpcServer start(int port, DataSource db) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService carrier = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "shipping-carrier-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    ServerServiceDefinition service = ServerServiceDefinition.builder(ShippingRpc.SERVICE)
        .addMethod(ShippingRpc.QUOTE, ServerCalls.asyncUnaryCall(
            (request, out) -> quote(db, carrier, request, out)))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(ServerInterceptors.intercept(service, new RememberTraceparent()))
        .build()
        .start();
    return new ShippingGrpcServer(server, carrier);
  }

  public int port() {
    return server.getPort();
  }

  private static void quote(DataSource db, ExecutorService carrier, String request, StreamObserver<String> out) {
    int colon = request.lastIndexOf(':');
    String item = colon < 0 ? request : request.substring(0, colon);
    int quantity;
    try {
      quantity = colon < 0 ? 1 : Integer.parseInt(request.substring(colon + 1));
    } catch (NumberFormatException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("quantity is not a number").asRuntimeException());
      return;
    }
    int priceCents;
    try {
      Integer found = queryInt(db, LOOKUP, item);
      if (found == null) {
        out.onError(Status.NOT_FOUND.withDescription("no shipping for unknown item: " + item).asRuntimeException());
        return;
      }
      priceCents = found;
    } catch (SQLException e) {
      out.onError(Status.UNAVAILABLE.withDescription("database: " + e.getMessage()).asRuntimeException());
      return;
    }
    String traceparent = RECEIVED_TRACEPARENT.get();
    carrier.execute(() -> {
      try {
        int booked = queryInt(db, BOOKINGS, item);
        // 4.99 plus 1 % insurance of the goods' value; the carrier's booking count is only looked at.
        int cents = 499 + priceCents * quantity / 100;
        out.onNext(String.format("shipping %d.%02d EUR (%d booked before)%s", cents / 100, cents % 100, booked,
            traceparent == null ? "" : " (traceparent " + traceparent + ")"));
        out.onCompleted();
      } catch (SQLException e) {
        out.onError(Status.UNAVAILABLE.withDescription("database: " + e.getMessage()).asRuntimeException());
      }
    });
  }

  private static Integer queryInt(DataSource db, String sql, String item) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, item);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  /** An application interceptor: keeps the received {@code traceparent} for the handler to echo. */
  private static final class RememberTraceparent implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
        ServerCallHandler<ReqT, RespT> next) {
      Context context = Context.current().withValue(RECEIVED_TRACEPARENT, headers.get(ShippingRpc.TRACEPARENT));
      return Contexts.interceptCall(context, call, headers, next);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    carrier.shutdown();
  }
}
