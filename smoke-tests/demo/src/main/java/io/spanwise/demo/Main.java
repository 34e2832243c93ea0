package io.spanwise.demo;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo shop. Starts embedded Tomcat, prints {@code Demo listening on http://127.0.0.1:<port>} and
 * serves until stopped; with {@code --self-drive} it sends a handful of requests to itself, waits a little
 * and exits (so the agent's shutdown hook flushes what is left).
 *
 * <pre>
 *   java -javaagent:spanwise-agent.jar -jar spanwise-demo.jar [--port N] [--self-drive] [--shipping-url URL]
 * </pre>
 * Every instance also serves the shipping service's {@code GET /quote}; with {@code --shipping-url} the
 * shop's {@code GET /ship} calls another instance's {@code /quote} over HTTP (a second service, so a trace
 * crosses two processes).
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
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "demo-shutdown"));
    System.out.println("Demo listening on " + server.baseUri());

    if (options.selfDrive()) {
      boolean allAsExpected = new SelfDriver(server.baseUri()).run(options.shippingUrl() != null);
      Thread.sleep(options.settleMillis());
      server.stop();
      System.out.println("Demo stopped");
      System.exit(allAsExpected ? 0 : 1);
    }
    server.await();
  }
}
