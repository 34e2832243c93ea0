package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.HttpServerRequestGetter;
import io.spanwise.instrumentation.servlet.ServletRoutes;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import jakarta.servlet.http.HttpServletRequest;

/** Reads what the SERVER span needs from a request (helper). */
public final class JakartaRequestGetter implements HttpServerRequestGetter<HttpServletRequest> {
  public static final JakartaRequestGetter INSTANCE = new JakartaRequestGetter();

  // Every jakarta container has HttpServletMapping; the guard only mirrors the javax helper.
  private static volatile boolean mappingSupported = true;

  @Override
  public Iterator<String> getAll(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? Collections.emptyIterator() : values.asIterator();
  }

  @Override
  public Iterable<String> keys(HttpServletRequest request) {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? Collections.emptyList() : Collections.list(names);
  }

  @Override
  public String method(HttpServletRequest request) {
    return request.getMethod();
  }

  @Override
  public String scheme(HttpServletRequest request) {
    return request.getScheme();
  }

  @Override
  public String serverAddress(HttpServletRequest request) {
    return request.getServerName();
  }

  @Override
  public int serverPort(HttpServletRequest request) {
    return request.getServerPort();
  }

  @Override
  public String path(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  public String query(HttpServletRequest request) {
    return request.getQueryString();
  }

  @Override
  public String route(HttpServletRequest request) {
    if (mappingSupported) {
      try {
        return JakartaMappingRoute.route(request);
      } catch (LinkageError servlet3) {
        mappingSupported = false;
      }
    }
    return ServletRoutes.fromServletPath(request.getContextPath(), request.getServletPath(), request.getPathInfo());
  }

  @Override
  public String clientAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }

  @Override
  public String userAgent(HttpServletRequest request) {
    return request.getHeader("User-Agent");
  }

  @Override
  public String protocolVersion(HttpServletRequest request) {
    return ServletRoutes.protocolVersion(request.getProtocol());
  }
}
