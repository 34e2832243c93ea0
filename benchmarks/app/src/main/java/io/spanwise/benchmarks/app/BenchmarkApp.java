package io.spanwise.benchmarks.app;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The service the overhead benchmark measures: embedded Tomcat 10.1 (jakarta servlets, no framework) and
 * H2 in memory behind a connection pool, bound to 127.0.0.1.
 *
 * <ul>
 *   <li>{@code GET /checkout}: reads a customer (one JDBC query), then calls {@code GET /inventory} on
 *       this same service with the JDK {@link HttpClient} and answers with both results;
 *   <li>{@code GET /inventory?item=N}: reads the item and reserves one (two JDBC statements);
 *   <li>{@code GET /stats}: {@code checkouts=<n> allocated_bytes=<n>}, what the benchmark reads to work
 *       out the heap allocated per request.
 * </ul>
 * A fully traced {@code /checkout} is six spans in one trace: two SERVER, one HTTP CLIENT, three
 * database CLIENT.
 *
 * <pre>java [-javaagent:...] -jar benchmark-app.jar [--port N]   (PORT env also sets it; default 8080)</pre>
 * Prints {@code Benchmark app listening on http://127.0.0.1:<port>} once it serves.
 */
public final class BenchmarkApp {
  /** Kept strongly reachable so the level sticks: Tomcat's INFO start-up lines are noise here. */
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private BenchmarkApp() {}

  public static void main(String[] args) throws Exception {
    int port = port(args);
    TOMCAT_LOG.setLevel(Level.WARNING);

    Path baseDir;
    try {
      baseDir = Files.createTempDirectory("spanwise-bench-tomcat");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    baseDir.toFile().deleteOnExit();

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());

    Database database = Database.create();
    RequestStats stats = new RequestStats();
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    // The service calls itself: the port is known only once Tomcat has bound it.
    URI[] self = new URI[1];
    add(context, "checkout", new CheckoutServlet(database, client, () -> self[0], stats), "/checkout");
    add(context, "inventory", new InventoryServlet(database), "/inventory");
    add(context, "stats", new StatsServlet(stats), "/stats");

    tomcat.start();
    self[0] = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception e) {
        System.err.println("benchmark app: Tomcat did not stop cleanly: " + e);
      }
      database.close();
    }, "benchmark-app-shutdown"));
    System.out.println("Benchmark app listening on " + self[0]);
    tomcat.getServer().await();
  }

  private static void add(Context context, String name, HttpServlet servlet, String mapping) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(mapping, name);
  }

  private static int port(String[] args) {
    String value = System.getenv("PORT");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        value = args[++i];
      } else if (args[i].startsWith("--port=")) {
        value = args[i].substring("--port=".length());
      } else {
        System.err.println("usage: java -jar benchmark-app.jar [--port N]");
        System.exit(2);
      }
    }
    return value == null || value.isBlank() ? 8080 : Integer.parseInt(value.trim());
  }
}
