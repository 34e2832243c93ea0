package org.example.servletapp;

import java.util.List;
import javax.servlet.Filter;
import javax.servlet.Servlet;

/**
 * What a container test registers, in the root context (""), every servlet and filter async-supported:
 *
 * <pre>
 *   servlet  /hello          HelloServlet        exact mapping, 200 "hello"
 *   servlet  /orders/*       OrdersServlet       path mapping, 200 "order {pathInfo}"
 *   servlet  /fail           FailServlet         throws ServletException (the container answers 500)
 *   servlet  /unavailable    UnavailableServlet  sendError(503)
 *   servlet  /missing        MissingServlet      setStatus(404) with a body
 *   servlet  /async          AsyncServlet        startAsync, completes from another thread after ~200 ms
 *   servlet  /forward        ForwardServlet      forwards to /hello
 *   filter   /*              PassThroughFilter   REQUEST dispatches; sets X-Filtered and calls chain.doFilter
 * </pre>
 *
 * Fresh instances on every call, so each container gets its own.
 *
 * <p>The package is deliberately outside {@code io.spanwise}: the agent never instruments its own
 * packages, and this is application code that must be woven like any other.
 */
public final class TestApp {
  /** Response header the filter sets, so a test can see that the filter ran around the servlet. */
  public static final String FILTERED_HEADER = "X-Filtered";

  private TestApp() {}

  /** A servlet and the URL pattern it is mapped to. */
  public record ServletMapping(String name, String urlPattern, Servlet servlet) {}

  /** A filter and the URL pattern it is mapped to (REQUEST dispatches only). */
  public record FilterMapping(String name, String urlPattern, Filter filter) {}

  public static List<ServletMapping> servlets() {
    return List.of(
        new ServletMapping("hello", "/hello", new HelloServlet()),
        new ServletMapping("orders", "/orders/*", new OrdersServlet()),
        new ServletMapping("fail", "/fail", new FailServlet()),
        new ServletMapping("unavailable", "/unavailable", new UnavailableServlet()),
        new ServletMapping("missing", "/missing", new MissingServlet()),
        new ServletMapping("async", "/async", new AsyncServlet()),
        new ServletMapping("forward", "/forward", new ForwardServlet()));
  }

  public static List<FilterMapping> filters() {
    return List.of(new FilterMapping("passThrough", "/*", new PassThroughFilter()));
  }

  /** The class name of the exception {@code /fail} throws. */
  public static String failureType() {
    return FailServlet.FAILURE_TYPE;
  }
}
