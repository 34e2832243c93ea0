package io.spanwise.demo;

import io.spanwise.demo.rpc.GrpcShippingQuotes;
import io.spanwise.demo.rpc.ShippingGrpcServer;
import io.spanwise.demo.shipping.KafkaOrderEvents;
import io.spanwise.demo.shipping.ShippingWorker;
import io.spanwise.demo.shipping.Topics;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo shop. Starts embedded Tomcat, prints {@code Demo listening on http://127.0.0.1:<port>} and
 * serves until stopped; with {@code --self-drive} it sends a handful of requests to itself, waits a little
 * and exits (so the agent's shutdown hook flushes what is left).
 *
 * <pre>
 *   java -javaagent:spanwise-agent.jar -jar spanwise-demo.jar [--port N] [--self-drive] [--shipping-url URL]
 *       [--grpc-port N] [--shipping-grpc HOST:PORT] [--kafka HOST:PORT]
 * </pre>
 * Every instance also serves the shipping service's {@code GET /quote}; with {@code --shipping-url} the
 * shop's {@code GET /ship} calls another instance's {@code /quote} over HTTP (a second service, so a trace
 * crosses two processes).
 * With {@code --grpc-port} an instance also serves the shipping service over gRPC
 * ({@code shipping.Shipping/Quote}, on 127.0.0.1, 0 picks a free port; it prints
 * {@code Shipping gRPC service listening on 127.0.0.1:<port>}); with {@code --shipping-grpc HOST:PORT}
 * each checkout first asks that service for a shipping quote over gRPC.
 * With {@code --kafka} (or {@code KAFKA_BOOTSTRAP_SERVERS}) each checkout announces the order on the
 * {@code orders} topic, and a shipping worker in the same process (unless {@code --no-shipping}) reads
 * it back and records the shipment in the database: one trace from the request to the shipment.
 * The port comes from {@code --port}, else the {@code PORT} environment variable, else 8080 (0 when
 * self-driving); 0 picks a free port.
 */
public final class Main {
  /** Kept strongly reachable so the level sticks: Tomcat's INFO start-up chatter is noise here. */
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private Main() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    TOMCAT_LOG.setLevel(Level.WARNING);

    DemoServer server = DemoServer.start(options.port(), options.shippingUrl());
    ShippingGrpcServer grpcServer = null;
    if (options.grpcPort() != null) {
      grpcServer = ShippingGrpcServer.start(options.grpcPort(), server.shop().database());
      System.out.println("Shipping gRPC service listening on 127.0.0.1:" + grpcServer.port());
    }
    GrpcShippingQuotes quotes = null;
    if (options.shippingGrpc() != null) {
      quotes = new GrpcShippingQuotes(options.shippingGrpc());
      server.shop().quoteShippingWith(quotes);
    }
    KafkaOrderEvents events = null;
    ShippingWorker shipping = null;
    if (options.kafka() != null) {
      Topics.ensureOrdersTopic(options.kafka());
      events = new KafkaOrderEvents(options.kafka());
      server.shop().announceOrdersTo(events);
      if (options.shipping()) {
        shipping = new ShippingWorker(options.kafka(), server.shop().database()).start();
      }
    }
    Runtime.getRuntime().addShutdownHook(
        new Thread(stopAll(server, events, shipping, grpcServer, quotes), "demo-shutdown"));
    System.out.println("Demo listening on " + server.baseUri());

    if (options.selfDrive()) {
      boolean allAsExpected = new SelfDriver(server.baseUri())
          .run(options.shippingUrl() != null, options.shippingGrpc() != null);
      if (shipping != null) {
        // The shipping service reads the announced orders back; let it finish before the demo stops.
        shipping.awaitShipped(events.announced(), Duration.ofSeconds(20));
      }
      Thread.sleep(options.settleMillis());
      stopAll(server, events, shipping, grpcServer, quotes).run();
      System.out.println("Demo stopped");
      System.exit(allAsExpected ? 0 : 1);
    }
    server.await();
  }

  /**
   * Shipping first (it writes to the shop's database), then the web server, then the producer, then
   * gRPC (the checkout's channel, then this instance's server).
   */
  private static Runnable stopAll(DemoServer server, KafkaOrderEvents events, ShippingWorker shipping,
      ShippingGrpcServer grpcServer, GrpcShippingQuotes quotes) {
    return () -> {
      try {
        if (shipping != null) {
          shipping.close();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.stop();
      if (events != null) {
        events.close();
      }
      if (quotes != null) {
        quotes.close();
      }
      if (grpcServer != null) {
        grpcServer.close();
      }
    };
  }
}
