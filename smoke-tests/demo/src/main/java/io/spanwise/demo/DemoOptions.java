package io.spanwise.demo;

import java.util.Map;

/** Command line and environment of the demo. */
public final class DemoOptions {
  static final String USAGE =
      "usage: java -jar spanwise-demo.jar [--port N] [--self-drive] [--settle-millis N] [--shipping-url URL]"
          + "  (PORT env also sets the port)";

  private final int port;
  private final boolean selfDrive;
  private final long settleMillis;
  private final String shippingUrl;

  private DemoOptions(int port, boolean selfDrive, long settleMillis, String shippingUrl) {
    this.port = port;
    this.selfDrive = selfDrive;
    this.settleMillis = settleMillis;
    this.shippingUrl = shippingUrl;
  }

  public static DemoOptions parse(String[] args, Map<String, String> env) {
    Integer port = null;
    boolean selfDrive = false;
    long settleMillis = 2000;
    String shippingUrl = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--self-drive")) {
        selfDrive = true;
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
    return new DemoOptions(port, selfDrive, settleMillis, shippingUrl);
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

  /** The base URL of the shipping service {@code GET /ship} calls, or null (then it answers 503). */
  public String shippingUrl() {
    return shippingUrl;
  }
}
