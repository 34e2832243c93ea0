package org.example.jdbcapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The application's data access, in whatever class loader the test made: made (schema created, pool
 * started) outside any request; each {@link #call()} runs three queries: a prepared one and a plain one
 * on a connection of the driver's (its subclass {@link AuditedConnection}), and a prepared one through
 * the pool ({@link AppPool}). Returns what they read.
 */
public final class Queries implements Callable<List<String>>, AutoCloseable {
  public static final String BY_ID = "SELECT name FROM items WHERE id = ?";
  public static final String COUNT = "SELECT COUNT(*) FROM items";

  private final String url;
  private final AppPool pool;

  public Queries(String url) throws SQLException {
    this.url = url;
    try (Connection c = new AuditedConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
      s.execute("INSERT INTO items VALUES (1, 'mug'), (2, 'pen')");
    }
    pool = new AppPool(url);
    pool.getConnection().close(); // the pool starts here, not in the request
  }

  @Override
  public List<String> call() throws SQLException {
    List<String> read = new ArrayList<>();
    try (Connection c = new AuditedConnection(url)) {
      read.add(byId(c));
      try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(COUNT)) {
        rows.next();
        read.add(rows.getString(1));
      }
    }
    try (Connection c = pool.getConnection()) {
      read.add(byId(c));
    }
    return read;
  }

  private static String byId(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(BY_ID)) {
      p.setInt(1, 1);
      try (ResultSet rows = p.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
