package org.example.fanout;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service under test of the propagation rules: for each URL of the JSON list in the request body
 * ({@code ["http://...", ...]}) it calls that URL with the JDK HttpClient, one after the other. With
 * {@code ?own-traceparent=<value>} it sets that header on its requests itself. Outside the agent's packages, like any application.
 *
 */
public final class FanOutServlet extends HttpServlet {
  private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * Declared here so that the servlet advice is in this class: in this test JVM the servlet API's own
   * {@code HttpServlet} is not instrumented (see the module's README note).
   */
  @Override
  public void service(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
      throws jakarta.servlet.ServletException, IOException {
    super.service(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String own = request.getParameter("own-traceparent");
    Matcher urls = JSON_STRING.matcher(body);
    int calls = 0;
    while (urls.find()) {
      HttpRequest.Builder outgoing = HttpRequest.newBuilder(URI.create(urls.group(1)));
      if (own != null) {
        outgoing.header("traceparent", own);
      }
      try {
        client.send(outgoing.build(), HttpResponse.BodyHandlers.discarding());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      calls++;
    }
    response.setContentType("text/plain");
    response.getWriter().print(calls);
  }
}
