package io.spanwise.benchmarks.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** {@code GET /checkout[?customer=N]}: one query, then {@code GET /inventory} on this service. */
final class CheckoutServlet extends HttpServlet {
  private final Database database;
  private final HttpClient client;
  private final Supplier<URI> self;
  private final RequestStats stats;

  CheckoutServlet(Database database, HttpClient client, Supplier<URI> self, RequestStats stats) {
    this.database = database;
    this.client = client;
    this.self = self;
    this.stats = stats;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int customer = intParameter(req, "customer", random.nextInt(1, Database.CUSTOMERS + 1));
    String name;
    String tier;
    try (Connection c = database.connection();
        PreparedStatement ps = c.prepareStatement("SELECT name, tier FROM customers WHERE id = ?")) {
      ps.setInt(1, customer);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          resp.sendError(404, "no customer " + customer);
          return;
        }
        name = rs.getString(1);
        tier = rs.getString(2);
      }
    } catch (SQLException e) {
      throw new IOException(e);
    }

    int item = random.nextInt(1, Database.ITEMS + 1);
    HttpRequest inventory = HttpRequest.newBuilder(self.get().resolve("/inventory?item=" + item)).GET().build();
    HttpResponse<String> reserved;
    try {
      reserved = client.send(inventory, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (reserved.statusCode() != 200) {
      resp.sendError(502, "inventory answered " + reserved.statusCode());
      return;
    }
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().print("customer=" + name + " tier=" + tier + " " + reserved.body());
    stats.checkedOut();
  }

  static int intParameter(HttpServletRequest req, String name, int fallback) {
    String value = req.getParameter(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
