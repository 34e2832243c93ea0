package io.spanwise.instrumentation.servlet;

import java.util.Collection;

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

  /** The route on Servlet 3.x when the context's url-patterns are not known: see the next method. */
  public static String fromServletPath(String contextPath, String servletPath, String pathInfo) {
    return fromServletPath(contextPath, servletPath, pathInfo, null);
  }

  /**
   * The route on Servlet 3.x, from the servlet path: {@code /api} with extra path info is a
   * {@code /api/*} mapping. Without path info the servlet path is an exact mapping's pattern, but the
   * whole path for an extension mapping ({@code *.do}) and for the default servlet ({@code /}, which
   * serves every path no other mapping took, as Spring's DispatcherServlet usually is): {@code patterns},
   * every url-pattern of the context's servlets, tells them apart, so those are {@code /*.do} and
   * {@code /*} as on Servlet 4, not one route per path. Null patterns (unknown): the servlet path.
   */
  public static String fromServletPath(String contextPath, String servletPath, String pathInfo,
      Collection<String> patterns) {
    String context = contextPath == null ? "" : contextPath;
    String servlet = servletPath == null ? "" : servletPath;
    if (pathInfo != null) {
      return context + servlet + "/*";
    }
    if (servlet.isEmpty()) {
      return null;
    }
    // "/" is the default servlet's pattern, never an exact mapping of the context root
    if (patterns == null || (!servlet.equals("/") && patterns.contains(servlet))) {
      return context + servlet;
    }
    int dot = servlet.lastIndexOf('.');
    if (dot > servlet.lastIndexOf('/')) {
      String extension = "*" + servlet.substring(dot);
      if (patterns.contains(extension)) {
        return fromMapping(contextPath, "EXTENSION", extension);
      }
    }
    return fromMapping(contextPath, "DEFAULT", "/");
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
