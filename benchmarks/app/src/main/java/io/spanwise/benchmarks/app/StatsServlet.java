package io.spanwise.benchmarks.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /stats}: {@code checkouts=<n> allocated_bytes=<n>}. */
final class StatsServlet extends HttpServlet {
  private final RequestStats stats;

  StatsServlet(RequestStats stats) {
    this.stats = stats;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long checkouts = stats.checkouts();
    long allocated = stats.allocatedBytes();
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().print("checkouts=" + checkouts + " allocated_bytes=" + allocated + "\n");
  }
}
