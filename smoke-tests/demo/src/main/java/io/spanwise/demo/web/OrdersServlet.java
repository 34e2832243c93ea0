package io.spanwise.demo.web;

import io.spanwise.demo.shop.Order;
import io.spanwise.demo.shop.Shop;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /orders/{id}}, mapped as {@code /orders/*}. */
public final class OrdersServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(OrdersServlet.class);
  private final Shop shop;

  public OrdersServlet(Shop shop) {
    this.shop = shop;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo(); // "/42"
    long id;
    try {
      id = Long.parseLong(path == null ? "" : path.substring(1));
    } catch (NumberFormatException e) {
      Responses.text(resp, 400, "expected /orders/{numeric id}\n");
      return;
    }
    Optional<Order> order = shop.order(id);
    log.info("order {} {}", id, order.isPresent() ? "found" : "not found");
    if (order.isPresent()) {
      Responses.text(resp, 200, order.get().describe() + "\n");
    } else {
      Responses.text(resp, 404, "no order " + id + "\n");
    }
  }
}
