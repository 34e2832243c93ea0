package io.spanwise.servlettests.tomcat;

import io.spanwise.servlettests.RunningContainer;
import org.example.servletapp.TestApp;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat on 127.0.0.1, port 0, with the test application in the root context. */
final class EmbeddedTomcat implements RunningContainer {
  private final Tomcat tomcat;
  private final int port;

  private EmbeddedTomcat(Tomcat tomcat, int port) {
    this.tomcat = tomcat;
    this.port = port;
  }

  static RunningContainer start() throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("spanwise-tomcat").toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", null);
    for (TestApp.ServletMapping mapping : TestApp.servlets()) {
      Wrapper wrapper = Tomcat.addServlet(context, mapping.name(), mapping.servlet());
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded(mapping.urlPattern(), mapping.name());
    }
    for (TestApp.FilterMapping mapping : TestApp.filters()) {
      FilterDef def = new FilterDef();
      def.setFilterName(mapping.name());
      def.setFilter(mapping.filter());
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap(); // REQUEST dispatches
      map.setFilterName(mapping.name());
      map.addURLPatternDecoded(mapping.urlPattern());
      context.addFilterMap(map);
    }
    tomcat.start();
    return new EmbeddedTomcat(tomcat, connector.getLocalPort());
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
