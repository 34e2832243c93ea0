package io.spanwise.demo;

import java.util.Map;

/** Command line and environment of the demo. */
public final class DemoOptions {
  static final String USAGE =
      "usage: java -jar spanwise-demo.jar [--port N] [--self-drive] [--settle-millis N] [--shipping-url URL]"
          + " [--grpc-port N] [--shipping-grpc HOST:PORT] [--kafka HOST:PORT [--no-shipping]]  (PORT env also sets the port, KAFKA_BOOTSTRAP_SERVERS the broker)";

  private final int port;
  private final boolean selfDrive;
  private final long settleMillis;
  private final String kafka;
  private final boolean shipping;
  private final String shippingUrl;
  private final Integer grpcPort;
  private final String shippingGrpc;

  private DemoOptions(int port, boolean selfDrive, long settleMillis, String kafka, boolean shipping,
      String shippingUrl, Integer grpcPort, String shippingGrpc) {
    this.grpcPort = grpcPort;
    this.shippingGrpc = shippingGrpc;
    this.port = port;
    this.selfDrive = selfDrive;
    this.settleMillis = settleMillis;
    this.kafka = kafka;
    this.shipping = shipping;
    this.shippingUrl = shippingUrl;
  }

  public static DemoOptions parse(String[] args, Map<String, String> env) {
    Integer port = null;
    boolean selfDrive = false;
    long settleMillis = 2000;
    String kafka = env.get("KAFKA_BOOTSTRAP_SERVERS");
    boolean shipping = true;
    String shippingUrl = null;
    Integer grpcPort = null;
    String shippingGrpc = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--self-drive")) {
        selfDrive = true;
      } else if (arg.equals("--no-shipping")) {
        shipping = false;
      } else if (arg.equals("--kafka")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        kafka = args[++i];
      } else if (arg.equals("--port") || arg.equals("--settle-millis")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        long value = number(arg, args[++i]);
        if (arg.equals("--port")) {
          port = (int) value;
        } else {
          settleMillis = value;
        }
      } else if (arg.equals("--grpc-port")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        grpcPort = (int) number(arg, args[++i]);
        if (grpcPort < 0 || grpcPort > 65535) {
          throw new IllegalArgumentException("gRPC port out of range: " + grpcPort);
        }
      } else if (arg.equals("--shipping-grpc")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        shippingGrpc = args[++i];
      } else if (arg.equals("--shipping-url")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        shippingUrl = args[++i];
      } else if (arg.startsWith("--shipping-url=")) {
        shippingUrl = arg.substring("--shipping-url=".length());
      } else if (arg.startsWith("--port=")) {
        port = (int) number("--port", arg.substring("--port=".length()));
      } else if (arg.startsWith("--settle-millis=")) {
        settleMillis = number("--settle-millis", arg.substring("--settle-millis=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (port == null) {
      String fromEnv = env.get("PORT");
      if (fromEnv != null && !fromEnv.isBlank()) {
        port = (int) number("PORT", fromEnv.trim());
      } else {
        port = selfDrive ? 0 : 8080;
      }
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (kafka != null && kafka.isBlank()) {
      kafka = null;
    }
    return new DemoOptions(port, selfDrive, settleMillis, kafka, shipping, shippingUrl, grpcPort, shippingGrpc);
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: " + value);
    }
  }

  public int port() {
    return port;
  }

  public boolean selfDrive() {
    return selfDrive;
  }

  public long settleMillis() {
    return settleMillis;
  }

  /** The Kafka broker ({@code bootstrap.servers}) the shop announces orders to; null: no Kafka. */
  public String kafka() {
    return kafka;
  }

  /** Whether this process also runs the shipping service, which reads the orders back (with Kafka only). */
  public boolean shipping() {
    return kafka != null && shipping;
  }

  /** The port to serve the shipping service's gRPC API on (0: a free one), or null: no gRPC server. */
  public Integer grpcPort() {
    return grpcPort;
  }

  /** The shipping service's gRPC address ({@code host:port}) each checkout asks for a quote, or null. */
  public String shippingGrpc() {
    return shippingGrpc;
  }

  /** The base URL of the shipping service {@code GET /ship} calls, or null (then it answers 503). */
  public String shippingUrl() {
    return shippingUrl;
  }
}
