package io.spanwise.smoke.otelapi;

import io.opentelemetry.api.baggage.Baggage;
import java.io.IOException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** The outgoing call's target: answers the headers it received and the baggage its API sees. */
public final class DownstreamServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    response.getWriter().print("traceparent=" + request.getHeader("traceparent") + "\n"
        + "baggage=" + request.getHeader("baggage") + "\n"
        + "api.baggage.order=" + Baggage.current().getEntryValue("order") + "\n");
  }
}
