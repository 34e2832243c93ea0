package io.spanwise.instrumentation.servlet.jakarta;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.instrumentation.servlet.ServletAccess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The jakarta.servlet calls behind {@link ServletAccess} (helper, injected next to the servlet API). */
public final class JakartaServlet extends ServletAccess<HttpServletRequest> {
  public static final JakartaServlet INSTANCE = new JakartaServlet();

  @Override
  protected HttpServletRequest httpRequest(Object request) {
    return request instanceof HttpServletRequest ? (HttpServletRequest) request : null;
  }

  @Override
  protected Object getAttribute(HttpServletRequest request, String name) {
    return request.getAttribute(name);
  }

  @Override
  protected void setAttribute(HttpServletRequest request, String name, Object value) {
    request.setAttribute(name, value);
  }

  @Override
  protected boolean isAsyncStarted(HttpServletRequest request) {
    return request.isAsyncStarted();
  }

  @Override
  protected void endWhenAsyncDone(HttpServletRequest request, ActiveSpan span) {
    request.getAsyncContext().addListener(new JakartaAsyncListener(span));
  }

  @Override
  protected int status(Object response) {
    return response instanceof HttpServletResponse ? ((HttpServletResponse) response).getStatus() : -1;
  }

  @Override
  protected String mappingRoute(HttpServletRequest request) {
    return JakartaMappingRoute.route(request);
  }

  @Override
  protected Object servletContext(HttpServletRequest request) {
    return request.getServletContext();
  }

  @Override
  protected Collection<? extends Collection<String>> servletMappings(Object servletContext) {
    Collection<? extends ServletRegistration> servlets =
        ((ServletContext) servletContext).getServletRegistrations().values();
    List<Collection<String>> mappings = new ArrayList<>(servlets.size());
    for (ServletRegistration servlet : servlets) {
      mappings.add(servlet.getMappings());
    }
    return mappings;
  }

  @Override
  protected String contextPath(HttpServletRequest request) {
    return request.getContextPath();
  }

  @Override
  protected String servletPath(HttpServletRequest request) {
    return request.getServletPath();
  }

  @Override
  protected String pathInfo(HttpServletRequest request) {
    return request.getPathInfo();
  }

  @Override
  protected String protocol(HttpServletRequest request) {
    return request.getProtocol();
  }

  @Override
  protected String apiHeader(HttpServletRequest request, String name) {
    return request.getHeader(name);
  }

  @Override
  protected Iterator<String> apiHeaders(HttpServletRequest request, String name) {
    // Most requests carry no tracestate or baggage: getHeader answers null for them without the
    // enumeration and iterator that getHeaders makes (the value it reads is kept by the container).
    if (request.getHeader(name) == null) {
      return Collections.emptyIterator();
    }
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
  protected String apiServerName(HttpServletRequest request) {
    return request.getServerName();
  }

  @Override
  public int serverPort(HttpServletRequest request) {
    return request.getServerPort();
  }

  @Override
  protected String apiPath(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  protected String apiQuery(HttpServletRequest request) {
    return request.getQueryString();
  }

  @Override
  public String clientAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }

  @Override
  protected boolean isServletException(Throwable error) {
    return error instanceof jakarta.servlet.ServletException;
  }
}
