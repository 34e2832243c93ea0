package io.spanwise.springtests;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.springframework.web.servlet.DispatcherServlet;

/** Embedded Jetty 9.4 (javax.servlet 3.1), as servlet-tests' jetty9 starts it. */
final class JettyContainer implements ServletContainer {
  private final Server server;
  private final int port;

  private JettyContainer(Server server, int port) {
    this.server = server;
    this.port = port;
  }

  static ServletContainer start(String contextPath, DispatcherServlet dispatcher, String errorPage) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(contextPath);
    ServletHolder servlet = new ServletHolder("dispatcher", dispatcher);
    servlet.setInitOrder(1);
    context.addServlet(servlet, "/");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, errorPage); // every status and exception
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();
    return new JettyContainer(server, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  /** Jetty 9.4 passes what was thrown (Jetty 12's ErrorPageErrorHandler unwraps it). */
  @Override
  public boolean unwrapsServletExceptionsForErrorPages() {
    return false;
  }

  @Override
  public void stop() throws Exception {
    server.stop();
  }
}
