package io.spanwise.smoke.conflicting;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A javax-servlet app on embedded Tomcat 9 that bundles its own OpenTelemetry API/SDK 1.40.0, Byte Buddy
 * 1.14.18, OkHttp 4.11.0 and protobuf-java 3.25.5, uses each once at start-up (after the server is up, so
 * OkHttp can call it) and only then prints {@code Conflicting-deps app listening on http://127.0.0.1:<port>}.
 *
 * <p>{@code GET /hello} answers "hello"; {@code GET /versions} reports, as {@code key=value} lines, what
 * each library says its version is, which class loader and jar its classes came from and how its
 * start-up check went.
 */
public final class ConflictingDepsApp {
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private ConflictingDepsApp() {}

  public static void main(String[] args) throws Exception {
    TOMCAT_LOG.setLevel(Level.WARNING);
    int port = port(args);

    File baseDir = Files.createTempDirectory("conflicting-deps-tomcat").toFile();
    baseDir.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    LibraryReport report = new LibraryReport();
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    add(context, "hello", new HelloServlet(), "/hello");
    add(context, "versions", new VersionsServlet(report), "/versions");
    tomcat.start();
    int localPort = connector.getLocalPort();

    List<LibraryProbe.Result> results = LibraryProbe.runAll(localPort);
    report.set(results);
    for (LibraryProbe.Result result : results) {
      System.out.println("library " + result.name() + " " + result.version() + ": " + result.check());
    }
    System.out.println("Conflicting-deps app listening on http://127.0.0.1:" + localPort);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception e) {
        System.err.println("conflicting-deps: Tomcat did not stop cleanly: " + e);
      }
    }, "conflicting-deps-shutdown"));
    tomcat.getServer().await();
  }

  private static void add(Context context, String name, HttpServlet servlet, String mapping) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(mapping, name);
  }

  private static int port(String[] args) throws IOException {
    String value = System.getenv("PORT");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--port=")) {
        value = args[i].substring("--port=".length());
      }
    }
    return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
  }
}
