package io.spanwise.demo.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ship?item=X[&client=C]}: asks the shipping service (another process) for a quote, with the
 * HTTP client named by {@code client}: {@code java-http-client} (the default), {@code http-url-connection},
 * {@code apache-httpclient-4} or {@code apache-httpclient-5}. The application does nothing to carry the
 * trace: the agent's CLIENT span and injected {@code traceparent} do.
 */
public final class ShipServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ShipServlet.class);
  private final String shippingUrl;
  private final HttpClient jdkClient = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final org.apache.http.impl.client.CloseableHttpClient apache4 =
      org.apache.http.impl.client.HttpClients.createDefault();
  private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient apache5 =
      org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

  public ShipServlet(String shippingUrl) {
    this.shippingUrl = shippingUrl;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (shippingUrl == null) {
      Responses.text(resp, 503, "no shipping service (start the demo with --shipping-url)");
      return;
    }
    String item = req.getParameter("item") == null ? "book" : req.getParameter("item");
    String client = req.getParameter("client") == null ? "java-http-client" : req.getParameter("client");
    URI quote = URI.create(shippingUrl + "/quote?item=" + URLEncoder.encode(item, StandardCharsets.UTF_8));
    log.info("asking the shipping service for a quote for {} ({})", item, client);
    String body;
    switch (client) {
      case "java-http-client":
        body = viaJdkClient(quote);
        break;
      case "http-url-connection":
        body = viaUrlConnection(quote);
        break;
      case "apache-httpclient-4":
        try (org.apache.http.client.methods.CloseableHttpResponse response =
                 apache4.execute(new org.apache.http.client.methods.HttpGet(quote))) {
          body = org.apache.http.util.EntityUtils.toString(response.getEntity());
        }
        break;
      case "apache-httpclient-5":
        try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse response =
                 apache5.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(quote))) {
          body = new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
        }
        break;
      default:
        Responses.text(resp, 400, "unknown client: " + client);
        return;
    }
    Responses.text(resp, 200, body);
  }

  private String viaJdkClient(URI quote) throws IOException {
    try {
      return jdkClient.send(HttpRequest.newBuilder(quote).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String viaUrlConnection(URI quote) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) quote.toURL().openConnection();
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(10000);
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
