package org.example.loadorderapp;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

/**
 * The usual small application's servlet: extends {@code HttpServlet} and overrides only {@code doGet}
 * ({@code service}, which the agent weaves, is {@code HttpServlet}'s). Reads one row through the
 * {@code DataSource} in the context attribute {@code dataSource} and writes it.
 */
public class CheckoutServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
    DataSource database = (DataSource) getServletContext().getAttribute("dataSource");
    try (Connection c = database.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rows = p.executeQuery()) {
        rows.next();
        response.setContentType("text/plain");
        response.getWriter().print(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new ServletException(e);
    }
  }
}
