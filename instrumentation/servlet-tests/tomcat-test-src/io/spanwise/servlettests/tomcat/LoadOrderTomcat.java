package io.spanwise.servlettests.tomcat;

import java.nio.file.Files;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat started from inside a test's own class loader (no servlet API type named here: the
 * same source serves javax and jakarta Tomcats): the servlet and the filter are given by class name and
 * made by Tomcat from this class's loader; the {@code DataSource} is the context attribute
 * {@code dataSource}. The servlet is mapped to {@code /checkout}, the filter (when given) to {@code /*}.
 */
public final class LoadOrderTomcat implements IntSupplier, AutoCloseable {
  private final Tomcat tomcat;
  private final int port;

  public LoadOrderTomcat(DataSource dataSource, String servletClass, String filterClass) throws Exception {
    // the war: URL handler is registered once per JVM; each test's Tomcat is another copy of its classes
    TomcatURLStreamHandlerFactory.disable();
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("spanwise-tomcat").toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", null);
    context.setParentClassLoader(LoadOrderTomcat.class.getClassLoader());
    Tomcat.addServlet(context, "checkout", servletClass);
    context.addServletMappingDecoded("/checkout", "checkout");
    if (!filterClass.isEmpty()) {
      FilterDef def = new FilterDef();
      def.setFilterName("audit");
      def.setFilterClass(filterClass);
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName("audit");
      map.addURLPatternDecoded("/*");
      context.addFilterMap(map);
    }
    tomcat.start();
    context.getServletContext().setAttribute("dataSource", dataSource);
    port = connector.getLocalPort();
  }

  @Override
  public int getAsInt() {
    return port;
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
