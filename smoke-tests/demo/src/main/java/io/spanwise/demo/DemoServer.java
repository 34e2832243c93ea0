package io.spanwise.demo;

import io.spanwise.demo.shop.Shop;
import io.spanwise.demo.web.CheckoutServlet;
import io.spanwise.demo.web.FailServlet;
import io.spanwise.demo.web.IndexServlet;
import io.spanwise.demo.web.OrdersServlet;
import io.spanwise.demo.web.QuoteServlet;
import io.spanwise.demo.web.ShipServlet;
import io.spanwise.demo.web.SummaryServlet;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 10.1 with one servlet per endpoint, bound to 127.0.0.1. */
public final class DemoServer {
  private final Tomcat tomcat;
  private final Shop shop;
  private final URI baseUri;
  private boolean stopped;

  private DemoServer(Tomcat tomcat, Shop shop, URI baseUri) {
    this.tomcat = tomcat;
    this.shop = shop;
    this.baseUri = baseUri;
  }

  public static DemoServer start(int port) throws LifecycleException {
    return start(port, null);
  }

  /** With {@code shippingUrl} the base URL of the shipping service {@code /ship} calls (null: none). */
  public static DemoServer start(int port, String shippingUrl) throws LifecycleException {
    Path baseDir;
    try {
      baseDir = Files.createTempDirectory("spanwise-demo-tomcat");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    baseDir.toFile().deleteOnExit();

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", baseDir.toAbsolutePath().toString());
    Shop shop = Shop.create();
    add(context, "index", new IndexServlet(), "");
    add(context, "checkout", new CheckoutServlet(shop), "/checkout");
    add(context, "orders", new OrdersServlet(shop), "/orders/*");
    add(context, "summary", new SummaryServlet(shop.reports()), "/summary");
    add(context, "fail", new FailServlet(), "/fail");
    add(context, "quote", new QuoteServlet(), "/quote");
    add(context, "ship", new ShipServlet(shippingUrl), "/ship");

    tomcat.start();
    int localPort = connector.getLocalPort();
    return new DemoServer(tomcat, shop, URI.create("http://127.0.0.1:" + localPort));
  }

  private static void add(Context context, String name, HttpServlet servlet, String mapping) {
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(mapping, name);
  }

  public Shop shop() {
    return shop;
  }

  public URI baseUri() {
    return baseUri;
  }

  /** Blocks until {@link #stop()} is called. */
  public void await() {
    tomcat.getServer().await();
  }

  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    // The report pool's threads belong to the web application: stop them before Tomcat checks for leaks.
    shop.reports().close();
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      System.err.println("demo: Tomcat did not stop cleanly: " + e);
    }
  }
}
