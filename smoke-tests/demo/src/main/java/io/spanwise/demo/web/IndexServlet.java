package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /}: what the shop offers. */
public final class IndexServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Responses.text(resp, 200,
        "Spanwise demo shop\n"
            + "  GET|POST /checkout?item=book|pen|mug|lamp[&quantity=N]\n"
            + "  GET      /orders/{id}\n"
            + "  GET      /summary\n"
            + "  GET      /fail\n");
  }
}
