package io.spanwise.instrumentation.servlet;

/**
 * Route templates from servlet mappings, shared by the javax and jakarta helpers (plain strings only, so
 * it needs no servlet API). Injected as a helper.
 */
public final class ServletRoutes {
  private ServletRoutes() {}

  /**
   * The route for a Servlet 4+ mapping match: the pattern prefixed by the context path. The default
   * servlet ("/") serves every unmapped path, so its route is {@code /*}, not the path itself.
   *
   * @param matchType the {@code MappingMatch} name: CONTEXT_ROOT, DEFAULT, EXACT, EXTENSION or PATH
   */
  public static String fromMapping(String contextPath, String matchType, String pattern) {
    String context = contextPath == null ? "" : contextPath;
    switch (matchType) {
      case "CONTEXT_ROOT":
        return context.isEmpty() ? "/" : context + "/";
      case "DEFAULT":
        return context + "/*";
      case "EXTENSION":
        return context + "/" + pattern;
      default: // EXACT, PATH
        return pattern == null || pattern.isEmpty() ? null : context.isEmpty() ? pattern : context + pattern;
    }
  }

  /**
   * The route on Servlet 3.x, from the servlet path: {@code /api} with extra path info is a
   * {@code /api/*} mapping; without it, an exact one.
   */
  public static String fromServletPath(String contextPath, String servletPath, String pathInfo) {
    String context = contextPath == null ? "" : contextPath;
    String servlet = servletPath == null ? "" : servletPath;
    if (pathInfo != null) {
      return context + servlet + "/*";
    }
    return servlet.isEmpty() ? null : context + servlet;
  }

  /** "HTTP/1.1" becomes "1.1", "HTTP/2.0" becomes "2". */
  public static String protocolVersion(String protocol) {
    if (protocol == null || !protocol.startsWith("HTTP/")) {
      return null;
    }
    if (protocol.equals("HTTP/1.1")) {
      return "1.1"; // the usual answer, without a substring per request
    }
    String version = protocol.substring("HTTP/".length());
    return version.equals("2.0") ? "2" : version.equals("3.0") ? "3" : version;
  }
}
