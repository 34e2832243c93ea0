package io.spanwise.instrumentation.spring.webmvc;

/** The request attribute Spring MVC keeps the matched pattern in, and the route made of it (helper). */
public final class SpringRoutes {
  /** {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  public static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private SpringRoutes() {}

  /**
   * The route from the server's root: the context path, the servlet path when the dispatcher is mapped by
   * prefix ({@code /api/*}: Spring's pattern is relative to it), and the pattern. Null without a pattern.
   */
  public static String route(Object pattern, String contextPath, String servletPath, String pathInfo) {
    if (pattern == null) {
      return null;
    }
    String template = pattern.toString();
    StringBuilder route = new StringBuilder();
    if (contextPath != null) {
      route.append(contextPath);
    }
    if (pathInfo != null && servletPath != null) {
      route.append(servletPath);
    }
    if (!template.isEmpty() && template.charAt(0) != '/') {
      route.append('/');
    }
    route.append(template);
    return route.length() == 0 ? "/" : route.toString();
  }
}
