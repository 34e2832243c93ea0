package shop;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A small shop on embedded Tomcat 10.1, written the way a small service usually is: servlets that
 * extend {@code HttpServlet} and override only {@code doGet}, created in {@code main}, nothing else.
 *
 * <ul>
 *   <li>{@code GET /checkout?item=mug}: reads the price from H2, then asks {@code GET /inventory} of this
 *       same server with the JDK {@code HttpClient}; answers {@code item=mug price=12.5 inventory=[...]}.
 *   <li>{@code GET /inventory?item=mug}: reads the stock from H2; answers
 *       {@code stock=7 traceparent=<the traceparent header it received, or none>}.
 *   <li>{@code GET /ping}: answered by a filter ({@code HttpFilter}, only its HTTP {@code doFilter}
 *       overridden) that runs a query and never calls the chain: the servlet mapped behind it never runs.
 * </ul>
 *
 * <p>The filter is created first, then the servlets, so {@code HttpFilter} and {@code HttpServlet} are
 * first loaded as the supertypes of the application's classes. With {@code --library-first} both are
 * loaded by name before that. Prints {@code Shop listening on http://127.0.0.1:<port>} once it serves.
 */
public final class Shop {
  static final String DB_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private Shop() {}

  public static void main(String[] args) throws Exception {
    TOMCAT_LOG.setLevel(Level.WARNING);
    for (String arg : args) {
      if (arg.equals("--library-first")) {
        Class.forName("jakarta.servlet.http.HttpFilter");
        Class.forName("jakarta.servlet.http.HttpServlet");
      }
    }
    createDatabase();

    File baseDir = Files.createTempDirectory("shop-tomcat").toFile();
    baseDir.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", baseDir.getAbsolutePath());

    FilterDef ping = new FilterDef();
    ping.setFilterName("ping");
    ping.setFilter(new Ping());
    ctx.addFilterDef(ping);
    FilterMap pingMap = new FilterMap();
    pingMap.setFilterName("ping");
    pingMap.addURLPattern("/ping");
    ctx.addFilterMap(pingMap);

    Tomcat.addServlet(ctx, "checkout", new Checkout());
    ctx.addServletMappingDecoded("/checkout", "checkout");
    Tomcat.addServlet(ctx, "inventory", new Inventory());
    ctx.addServletMappingDecoded("/inventory", "inventory");
    Tomcat.addServlet(ctx, "behind-ping", new BehindPing());
    ctx.addServletMappingDecoded("/ping", "behind-ping");

    tomcat.start();
    System.out.println("Shop listening on http://127.0.0.1:" + connector.getLocalPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception e) {
        System.err.println("shop: Tomcat did not stop cleanly: " + e);
      }
    }, "shop-shutdown"));
    tomcat.getServer().await();
  }

  private static void createDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (name VARCHAR(40) PRIMARY KEY, price DECIMAL(10,2))");
      s.execute("CREATE TABLE stock (item VARCHAR(40) PRIMARY KEY, quantity INT)");
      s.execute("INSERT INTO items VALUES ('mug', 12.50), ('book', 4.99)");
      s.execute("INSERT INTO stock VALUES ('mug', 7), ('book', 3)");
    }
  }

  static String queryOne(String sql, String arg) throws ServletException {
    try (Connection c = DriverManager.getConnection(DB_URL); PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }

  /** Price from the database, then the stock from {@code /inventory} over HTTP. */
  public static final class Checkout extends HttpServlet {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      String item = req.getParameter("item");
      String price = queryOne("SELECT price FROM items WHERE name = ?", item);
      HttpRequest call = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + req.getLocalPort() + "/inventory?item=" + item))
          .timeout(Duration.ofSeconds(20))
          .GET()
          .build();
      String inventory;
      try {
        inventory = CLIENT.send(call, HttpResponse.BodyHandlers.ofString()).body().trim();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServletException(e);
      }
      resp.setContentType("text/plain");
      resp.getWriter().println("item=" + item + " price=" + price + " inventory=[" + inventory + "]");
    }
  }

  /** The stock from the database, and the traceparent this request came with. */
  public static final class Inventory extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      String stock = queryOne("SELECT quantity FROM stock WHERE item = ?", req.getParameter("item"));
      String traceparent = req.getHeader("traceparent");
      resp.setContentType("text/plain");
      resp.getWriter().println("stock=" + stock + " traceparent=" + (traceparent == null ? "none" : traceparent));
    }
  }

  /** Answers {@code /ping} itself (with a query), never passing the request on. */
  public static final class Ping extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
        throws IOException, ServletException {
      String items = queryOne("SELECT COUNT(*) FROM items", null);
      resp.setContentType("text/plain");
      resp.getWriter().println("pong items=" + items);
    }
  }

  /** Mapped behind {@link Ping}, which never lets a request through. */
  public static final class BehindPing extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendError(500, "the ping filter let a request through");
    }
  }
}
