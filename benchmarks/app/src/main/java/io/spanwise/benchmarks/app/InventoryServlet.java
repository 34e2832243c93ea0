package io.spanwise.benchmarks.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code GET /inventory?item=N}: reads the item and reserves one of it (two statements). */
final class InventoryServlet extends HttpServlet {
  private final Database database;

  InventoryServlet(Database database) {
    this.database = database;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int item = CheckoutServlet.intParameter(req, "item", 1);
    try (Connection c = database.connection()) {
      int price;
      int stock;
      try (PreparedStatement ps = c.prepareStatement("SELECT price_cents, stock FROM items WHERE id = ?")) {
        ps.setInt(1, item);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            resp.sendError(404, "no item " + item);
            return;
          }
          price = rs.getInt(1);
          stock = rs.getInt(2);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE items SET reserved = reserved + 1 WHERE id = ?")) {
        ps.setInt(1, item);
        ps.executeUpdate();
      }
      resp.setContentType("text/plain;charset=UTF-8");
      resp.getWriter().print("item=" + item + " price_cents=" + price + " in_stock=" + (stock > 0));
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }
}
