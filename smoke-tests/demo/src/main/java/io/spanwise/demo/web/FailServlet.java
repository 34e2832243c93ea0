package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /fail}: throws, so the container answers 500 and the trace shows an error. */
public final class FailServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(FailServlet.class);
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    log.warn("payment provider unavailable: failing the request");
    throw new IllegalStateException("payment provider unavailable (demo failure)");
  }
}
