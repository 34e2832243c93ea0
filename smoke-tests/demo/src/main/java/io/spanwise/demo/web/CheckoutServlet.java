package io.spanwise.demo.web;

import io.spanwise.demo.shop.CheckoutException;
import io.spanwise.demo.shop.Order;
import io.spanwise.demo.shop.Shop;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET|POST /checkout?item=...}: reserves stock (the slow part), charges, records the order. */
public final class CheckoutServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(CheckoutServlet.class);
  private final Shop shop;

  public CheckoutServlet(Shop shop) {
    this.shop = shop;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    checkout(req, resp);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    checkout(req, resp);
  }

  private void checkout(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String item = req.getParameter("item");
    if (item == null || item.isBlank()) {
      Responses.text(resp, 400, "missing parameter: item\n");
      return;
    }
    int quantity;
    try {
      String q = req.getParameter("quantity");
      quantity = q == null ? 1 : Integer.parseInt(q);
    } catch (NumberFormatException e) {
      Responses.text(resp, 400, "quantity is not a number\n");
      return;
    }
    if (quantity < 1) {
      Responses.text(resp, 400, "quantity must be at least 1\n");
      return;
    }
    log.info("checkout of {} x {}", quantity, item);
    try {
      Order order = shop.checkout(item, quantity);
      Responses.text(resp, 200, order.describe() + "\n");
    } catch (CheckoutException e) {
      log.info("checkout refused: {}", e.getMessage());
      Responses.text(resp, e.status(), e.getMessage() + "\n");
    }
  }
}
