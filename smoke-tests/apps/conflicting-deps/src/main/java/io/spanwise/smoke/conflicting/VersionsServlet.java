package io.spanwise.smoke.conflicting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code GET /versions}: the library report as {@code key=value} lines (java.util.Properties syntax). */
public final class VersionsServlet extends HttpServlet {
  private final LibraryReport report;

  VersionsServlet(LibraryReport report) {
    this.report = report;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String body = report.render();
    resp.setStatus(body == null ? 503 : 200);
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getOutputStream().write((body == null ? "start-up checks still running\n" : body)
        .getBytes(StandardCharsets.UTF_8));
  }
}
