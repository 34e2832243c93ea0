package io.spanwise.demo.rpc;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.spanwise.demo.shop.CheckoutException;
import io.spanwise.demo.shop.ShippingQuotes;
import java.util.concurrent.TimeUnit;

/**
 * The checkout's shipping quote, asked of the shipping service over gRPC (a plaintext channel to
 * {@code host:port}). {@code NOT_FOUND} is the customer's mistake (404); any other failure makes the
 * checkout fail with 502.
 */
public final class GrpcShippingQuotes implements ShippingQuotes, AutoCloseable {
  private final ManagedChannel channel;

  public GrpcShippingQuotes(String target) {
    this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
  }

  @Override
  public String quote(String item, int quantity) throws CheckoutException {
    // gRPC starts its threads (event loop, executor) lazily, from the calling thread: with the servlet's
    // context class loader they would count as the web application's, and Tomcat would report them as
    // leaked when it stops.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(GrpcShippingQuotes.class.getClassLoader());
    try {
      return ClientCalls.blockingUnaryCall(channel, ShippingRpc.QUOTE,
          CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), item + ":" + quantity);
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      if (status.getCode() == Status.Code.NOT_FOUND) {
        throw new CheckoutException(404, status.getDescription());
      }
      throw new CheckoutException(502, "shipping service: " + status.getCode()
          + (status.getDescription() == null ? "" : " " + status.getDescription()));
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
