package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.instrumentation.servlet.ServletRoutes;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The only class that touches the Servlet 4.0 mapping API, so that on a 3.x container the
 * {@link LinkageError} stays here (helper).
 */
public final class JakartaMappingRoute {
  private JakartaMappingRoute() {}

  public static String route(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping == null || mapping.getMappingMatch() == null) {
      return ServletRoutes.fromServletPath(request.getContextPath(), request.getServletPath(), request.getPathInfo());
    }
    return ServletRoutes.fromMapping(request.getContextPath(), mapping.getMappingMatch().name(), mapping.getPattern());
  }
}
