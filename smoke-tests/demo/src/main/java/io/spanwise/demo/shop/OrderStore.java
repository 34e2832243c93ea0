package io.spanwise.demo.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/** Orders in the database. */
public final class OrderStore {
  private final DataSource db;

  public OrderStore(DataSource db) {
    this.db = db;
  }

  public Order create(String item, int quantity, int totalCents, String paymentId) {
    try (Connection c = db.getConnection();
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO orders (item, quantity, total_cents, payment_id) VALUES (?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, item);
      insert.setInt(2, quantity);
      insert.setInt(3, totalCents);
      insert.setString(4, paymentId);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return new Order(keys.getLong(1), item, quantity, totalCents, paymentId);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the order: " + e.getMessage(), e);
    }
  }

  public Optional<Order> find(long id) {
    try (Connection c = db.getConnection();
        PreparedStatement select = c.prepareStatement(
            "SELECT item, quantity, total_cents, payment_id FROM orders WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Order(id, rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the order: " + e.getMessage(), e);
    }
  }
}
