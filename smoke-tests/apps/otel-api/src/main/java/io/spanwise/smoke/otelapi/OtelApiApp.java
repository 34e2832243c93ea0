package io.spanwise.smoke.otelapi;

import java.io.File;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A servlet app (embedded Tomcat 9, H2) that uses its own opentelemetry-api, whichever 1.x is on its class
 * path. {@code GET /checkout} makes the manual spans (see {@link CheckoutServlet}) and answers a report,
 * {@code key=value} lines; {@code GET /downstream} answers the propagation headers it received;
 * {@code GET /register} registers an OpenTelemetry of the app's own with {@code GlobalOpenTelemetry.set}.
 * Prints {@code OpenTelemetry API app listening on http://127.0.0.1:<port>} when ready.
 */
public final class OtelApiApp {
  static final String DB = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private OtelApiApp() {}

  public static void main(String[] args) throws Exception {
    TOMCAT_LOG.setLevel(Level.WARNING);
    try (Connection connection = DriverManager.getConnection(DB);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE inventory (sku VARCHAR(20) PRIMARY KEY, quantity INT)");
      statement.execute("INSERT INTO inventory VALUES ('sku-1', 3), ('sku-2', 0)");
    }
    File baseDir = Files.createTempDirectory("otel-api-tomcat").toFile();
    baseDir.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    add(context, "checkout", new CheckoutServlet(), "/checkout");
    add(context, "downstream", new DownstreamServlet(), "/downstream");
    add(context, "register", new RegisterServlet(), "/register");
    tomcat.start();
    System.setProperty("app.port", String.valueOf(connector.getLocalPort()));
    System.out.println("OpenTelemetry API app listening on http://127.0.0.1:" + connector.getLocalPort());
    tomcat.getServer().await();
  }

  private static void add(Context context, String name, HttpServlet servlet, String mapping) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(mapping, name);
  }
}
