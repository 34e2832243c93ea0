package shopwar;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET /checkout?item=mug}: the price from H2, then {@code GET /inventory} of this web application
 * with the JDK {@code HttpClient}; answers {@code item=mug price=12.50 inventory=[...]}.
 */
public final class CheckoutServlet extends HttpServlet {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    String item = req.getParameter("item");
    String price = Database.queryOne("SELECT price FROM items WHERE name = ?", item);
    URI inventory = URI.create("http://127.0.0.1:" + req.getLocalPort() + req.getContextPath()
        + "/inventory?item=" + item);
    String answer;
    try {
      answer = CLIENT.send(HttpRequest.newBuilder(inventory).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body().trim();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServletException(e);
    }
    resp.setContentType("text/plain");
    resp.getWriter().println("item=" + item + " price=" + price + " inventory=[" + answer + "]");
  }
}
