package io.spanwise.springtests;

import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.springframework.web.servlet.DispatcherServlet;

/** Embedded Tomcat (9 in spring5-tests, 10.1 here: the same embedding API). */
final class TomcatContainer implements ServletContainer {
  private final Tomcat tomcat;
  private final int port;

  private TomcatContainer(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  static ServletContainer start(String contextPath, DispatcherServlet dispatcher, String errorPage) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("spanwise-spring-tomcat").toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext(contextPath, null);
    Wrapper servlet = Tomcat.addServlet(context, "dispatcher", dispatcher);
    servlet.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "dispatcher");
    ErrorPage errors = new ErrorPage();
    errors.setLocation(errorPage);
    context.addErrorPage(errors); // the default page: every status and exception
    tomcat.start();
    return new TomcatContainer(tomcat, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  /** Tomcat passes what was thrown (StandardHostValve.throwable). */
  @Override
  public boolean unwrapsServletExceptionsForErrorPages() {
    return false;
  }

  @Override
  public void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
