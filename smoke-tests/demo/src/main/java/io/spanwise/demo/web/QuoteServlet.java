package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /quote?item=X}: the shipping service's one endpoint (another demo instance plays it). It
 * answers with the {@code traceparent} it received, so a caller can see which span was its parent. The item
 * {@code broken} fails with 500: a downstream error for the caller to see.
 */
public final class QuoteServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(QuoteServlet.class);
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String item = req.getParameter("item");
    String traceparent = req.getHeader("traceparent");
    if ("broken".equals(item)) {
      log.warn("no quote for {}", item);
      Responses.text(resp, 500, "shipping broken: no quote");
      return;
    }
    log.info("quote for {}: 4.99", item);
    Responses.text(resp, 200, "shipping " + (item == null ? "?" : item) + ": 4.99"
        + (traceparent == null ? "" : " (traceparent " + traceparent + ")"));
  }
}
