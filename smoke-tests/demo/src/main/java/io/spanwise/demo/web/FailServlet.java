package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /fail}: throws, so the container answers 500 and the trace shows an error. */
public final class FailServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    throw new IllegalStateException("payment provider unavailable (demo failure)");
  }
}
