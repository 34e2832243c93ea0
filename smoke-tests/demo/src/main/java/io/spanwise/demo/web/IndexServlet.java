package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /}: what the shop offers. */
public final class IndexServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(IndexServlet.class);
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    log.info("index");
    Responses.text(resp, 200,
        "Spanwise demo shop\n"
            + "  GET|POST /checkout?item=book|pen|mug|lamp[&quantity=N]\n"
            + "  GET      /orders/{id}\n"
            + "  GET      /summary\n"
            + "  GET      /fail\n");
  }
}
