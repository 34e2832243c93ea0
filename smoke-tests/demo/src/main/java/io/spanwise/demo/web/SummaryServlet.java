package io.spanwise.demo.web;

import io.spanwise.demo.shop.Reports;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /summary}: three database queries fanned out on the report pool and joined. */
public final class SummaryServlet extends HttpServlet {
  private final Reports reports;

  public SummaryServlet(Reports reports) {
    this.reports = reports;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Responses.text(resp, 200, reports.summary().describe() + "\n");
  }
}
