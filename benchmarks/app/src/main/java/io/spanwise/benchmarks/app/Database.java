package io.spanwise.benchmarks.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;

/** H2 in memory behind H2's own connection pool: 1000 customers and 1000 items. */
final class Database {
  static final int CUSTOMERS = 1000;
  static final int ITEMS = 1000;

  private final JdbcConnectionPool pool;

  private Database(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  static Database create() throws SQLException {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "");
    pool.setMaxConnections(64);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, tier VARCHAR(16) NOT NULL)");
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, price_cents INT NOT NULL,"
          + " stock INT NOT NULL, reserved BIGINT NOT NULL)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)")) {
        for (int i = 1; i <= CUSTOMERS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "customer-" + i);
          insert.setString(3, i % 10 == 0 ? "gold" : "standard");
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, 0)")) {
        for (int i = 1; i <= ITEMS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "item-" + i);
          insert.setInt(3, 100 + i % 900);
          insert.setInt(4, 1_000_000);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return new Database(pool);
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  void close() {
    pool.dispose();
  }
}
