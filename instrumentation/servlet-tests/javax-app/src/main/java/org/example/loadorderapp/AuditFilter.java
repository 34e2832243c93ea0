package org.example.loadorderapp;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

/**
 * The application's filter, on the framework's base class: counts the items (a query of its own, in the
 * request) before the servlet runs.
 */
public class AuditFilter extends RequestFilterBase {
  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    DataSource database = (DataSource) request.getServletContext().getAttribute("dataSource");
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM items")) {
      rows.next();
      response.setHeader("X-Items", rows.getString(1));
    } catch (SQLException e) {
      throw new ServletException(e);
    }
    chain.doFilter(request, response);
  }
}
