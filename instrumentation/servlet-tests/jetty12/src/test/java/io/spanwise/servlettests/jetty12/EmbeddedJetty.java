package io.spanwise.servlettests.jetty12;

import io.spanwise.servlettests.RunningContainer;
import org.example.servletapp.TestApp;
import java.util.EnumSet;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty on 127.0.0.1, port 0, with the test application in the root context. */
final class EmbeddedJetty implements RunningContainer {
  private final Server server;
  private final int port;

  private EmbeddedJetty(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static RunningContainer start() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (TestApp.ServletMapping mapping : TestApp.servlets()) {
      ServletHolder holder = new ServletHolder(mapping.name(), mapping.servlet());
      holder.setAsyncSupported(true);
      context.addServlet(holder, mapping.urlPattern());
    }
    for (TestApp.FilterMapping mapping : TestApp.filters()) {
      FilterHolder holder = new FilterHolder(mapping.filter());
      holder.setName(mapping.name());
      holder.setAsyncSupported(true);
      context.addFilter(holder, mapping.urlPattern(), EnumSet.of(DispatcherType.REQUEST));
    }
    server.setHandler(context);
    server.start();
    return new EmbeddedJetty(server, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void stop() throws Exception {
    server.stop();
  }
}
