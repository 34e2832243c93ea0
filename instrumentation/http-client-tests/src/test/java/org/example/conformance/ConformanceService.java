package org.example.conformance;

import jakarta.servlet.Servlet;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat with {@link ConformanceServlet} at {@code /test}: the service the W3C trace-context suite drives
 * ({@code conformance/trace-context.sh} runs it with {@code -javaagent}; the JUnit copies of the suite start it
 * in-process). Header size limits are raised so that the baggage limit cases (8192-byte headers) fit.
 */
public final class ConformanceService {
  private static Tomcat tomcat;

  private ConformanceService() {}

  /** Starts the service on {@code port} (0: any) and returns the port. */
  public static synchronized int start(int port) throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(port);
    tomcat.getConnector().setProperty("maxHttpHeaderSize", "65536");
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    Servlet servlet = (Servlet) Class.forName("org.example.conformance.ConformanceServlet")
        .getDeclaredConstructor().newInstance();
    Tomcat.addServlet(context, "test", servlet);
    context.addServletMappingDecoded("/test", "test");
    tomcat.start();
    return tomcat.getConnector().getLocalPort();
  }

  public static synchronized void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
      tomcat = null;
    }
  }

  public static void main(String[] args) throws Exception {
    int port = start(args.length > 0 ? Integer.parseInt(args[0]) : 5000);
    System.out.println("conformance service listening on http://127.0.0.1:" + port + "/test");
    tomcat.getServer().await();
  }
}
