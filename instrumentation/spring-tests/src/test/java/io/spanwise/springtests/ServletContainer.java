package io.spanwise.springtests;

import org.springframework.web.servlet.DispatcherServlet;

/**
 * The embedded container the test application runs in, chosen per surefire execution by the system
 * property {@value #PROPERTY}: {@code tomcat} (the default) or {@code jetty}. Tomcat's source is shared
 * (its embedding API is the same in 9 and 10.1); {@code JettyContainer} is each module's own, since Jetty
 * 9.4 and Jetty 12 ee10 differ in package and servlet namespace (spring-tests' {@code src/test-jetty12},
 * spring5-tests' {@code src/test-jetty9}). Each execution's class path holds only its container.
 */
interface ServletContainer {
  String PROPERTY = "spanwise.test.container";

  int port();

  void stop() throws Exception;

  /**
   * Whether the container's error page is told the cause of a {@code ServletException} the servlet threw,
   * not the exception itself: what the client sees of a failed request differs there.
   */
  boolean unwrapsServletExceptionsForErrorPages();

  /**
   * Starts the named container on 127.0.0.1, port 0, with {@code dispatcher} mapped to {@code /} in
   * {@code contextPath} (started with the container) and every error status and exception dispatched to
   * {@code errorPage}.
   */
  static ServletContainer start(String contextPath, DispatcherServlet dispatcher, String errorPage) throws Exception {
    switch (name()) {
      case "tomcat":
        return TomcatContainer.start(contextPath, dispatcher, errorPage);
      case "jetty":
        return JettyContainer.start(contextPath, dispatcher, errorPage);
      default:
        throw new IllegalStateException(PROPERTY + " is tomcat or jetty, not " + name());
    }
  }

  private static String name() {
    return System.getProperty(PROPERTY, "tomcat");
  }
}
