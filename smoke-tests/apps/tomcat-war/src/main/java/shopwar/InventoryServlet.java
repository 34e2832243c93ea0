package shopwar;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /inventory?item=mug}: the stock from H2 and the {@code traceparent} the request came with. */
public final class InventoryServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    String stock = Database.queryOne("SELECT quantity FROM stock WHERE item = ?", req.getParameter("item"));
    String traceparent = req.getHeader("traceparent");
    resp.setContentType("text/plain");
    resp.getWriter().println("stock=" + stock + " traceparent=" + (traceparent == null ? "none" : traceparent));
  }
}
