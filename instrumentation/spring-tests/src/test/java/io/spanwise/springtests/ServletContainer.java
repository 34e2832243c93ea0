package io.spanwise.springtests;

import org.springframework.web.servlet.DispatcherServlet;

/**
 * The embedded container the test application runs in, chosen per surefire execution by the system
 * property {@value #PROPERTY}: {@code tomcat} (the default; its embedding API is the same in 9 and 10.1).
 */
interface ServletContainer {
  String PROPERTY = "spanwise.test.container";

  int port();

  void stop() throws Exception;

  /**
   * Starts the named container on 127.0.0.1, port 0, with {@code dispatcher} mapped to {@code /} in
   * {@code contextPath} (started with the container) and every error status and exception dispatched to
   * {@code errorPage}.
   */
  static ServletContainer start(String contextPath, DispatcherServlet dispatcher, String errorPage) throws Exception {
    switch (name()) {
      case "tomcat":
        return TomcatContainer.start(contextPath, dispatcher, errorPage);
      default:
        throw new IllegalStateException(PROPERTY + " is tomcat, not " + name());
    }
  }

  private static String name() {
    return System.getProperty(PROPERTY, "tomcat");
  }
}
