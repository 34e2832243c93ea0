package io.spanwise.instrumentation.spring.webmvc.jakarta;

import io.spanwise.bootstrap.instrumentation.http.HttpServerTracing;
import io.spanwise.instrumentation.spring.webmvc.SpringRoutes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

/** The route of a jakarta.servlet request Spring MVC matched (helper, injected next to Spring MVC). */
public final class JakartaSpringRoute {
  private JakartaSpringRoute() {}

  public static void update(HttpServletRequest request) {
    if (request == null || request.getDispatcherType() == DispatcherType.ERROR) {
      return;
    }
    Object pattern = request.getAttribute(SpringRoutes.BEST_MATCHING_PATTERN);
    if (pattern != null) {
      HttpServerTracing.updateRoute(SpringRoutes.route(
          pattern, request.getContextPath(), request.getServletPath(), request.getPathInfo()));
    }
  }
}
