package io.spanwise.smoke.conflicting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code GET /hello}. */
public final class HelloServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(200);
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
  }
}
