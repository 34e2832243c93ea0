package io.spanwise.demo.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Stock and prices, in the database. The lookup is the slow part of a checkout: its query makes the
 * database wait {@link #LOOKUP_MILLIS} ms (as a missing index or a locked row would), and shows up as the
 * longest CLIENT span under the request.
 */
public final class Inventory {
  static final long LOOKUP_MILLIS = 120;

  static final String LOOKUP =
      "SELECT price_cents, stock FROM inventory WHERE item = ? AND SLEEP(0.12) = 0";
  static final String TAKE =
      "UPDATE inventory SET stock = stock - ? WHERE item = ? AND stock >= ?";

  private final DataSource db;

  public Inventory(DataSource db) {
    this.db = db;
  }

  /** A reservation of {@code quantity} items at the current price. */
  public static final class Reservation {
    private final String item;
    private final int quantity;
    private final int totalCents;

    Reservation(String item, int quantity, int totalCents) {
      this.item = item;
      this.quantity = quantity;
      this.totalCents = totalCents;
    }

    public String item() {
      return item;
    }

    public int quantity() {
      return quantity;
    }

    public int totalCents() {
      return totalCents;
    }
  }

  public Reservation reserve(String item, int quantity) throws CheckoutException {
    try (Connection c = db.getConnection()) {
      int price;
      int stock;
      try (PreparedStatement lookup = c.prepareStatement(LOOKUP)) {
        lookup.setString(1, item);
        try (ResultSet rs = lookup.executeQuery()) {
          if (!rs.next()) {
            throw new CheckoutException(404, "unknown item: " + item);
          }
          price = rs.getInt(1);
          stock = rs.getInt(2);
        }
      }
      if (stock < quantity) {
        throw new CheckoutException(409, "out of stock: " + item);
      }
      try (PreparedStatement take = c.prepareStatement(TAKE)) {
        take.setInt(1, quantity);
        take.setString(2, item);
        take.setInt(3, quantity);
        if (take.executeUpdate() == 0) {
          throw new CheckoutException(409, "out of stock: " + item);
        }
      }
      return new Reservation(item, quantity, price * quantity);
    } catch (SQLException e) {
      throw new IllegalStateException("inventory unavailable: " + e.getMessage(), e);
    }
  }

  static void simulateLatency(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
