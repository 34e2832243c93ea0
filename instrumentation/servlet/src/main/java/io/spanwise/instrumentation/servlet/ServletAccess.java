package io.spanwise.instrumentation.servlet;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import io.spanwise.bootstrap.instrumentation.http.HttpServerTracing;
import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * The SERVER span of a servlet request, written once for javax.servlet and jakarta.servlet (helper): the
 * two namespaces differ only in the small accessor each implements ({@code JavaxServlet},
 * {@code JakartaServlet}: the servlet API calls, which cannot be shared across namespaces).
 *
 * <p>The outermost {@code Servlet.service}/{@code Filter.doFilter} entered for a request starts the span
 * and marks the request with {@link #SPAN_ATTRIBUTE}, so nested filters, {@code super.service} and
 * forward/include/async dispatches of the same request add nothing.
 *
 * @param <Q> the namespace's {@code HttpServletRequest}
 */
public abstract class ServletAccess<Q> implements HttpServerRequestGetter<Q> {
  /** Request attribute marking a request that already has its SERVER span. */
  public static final String SPAN_ATTRIBUTE = "io.spanwise.servlet.span";

  // Servlet 3.x containers have no HttpServletMapping; the first failure switches to servlet paths.
  private volatile boolean mappingSupported = true;

  // Servlet 3.x: the url-patterns of the last servlet context a request came from. A server has one or a
  // few contexts, whose mappings are fixed once they serve requests, so a request reads one field
  // instead of every servlet registration.
  private volatile ContextPatterns lastContext;

  /** The request as an {@code HttpServletRequest}; null when it is not one. */
  protected abstract Q httpRequest(Object request);

  protected abstract Object getAttribute(Q request, String name);

  protected abstract void setAttribute(Q request, String name, Object value);

  protected abstract boolean isAsyncStarted(Q request);

  /** Registers the namespace's async listener, which ends the span through {@link #asyncEnded}. */
  protected abstract void endWhenAsyncDone(Q request, ActiveSpan span);

  /** The response's status when it is an {@code HttpServletResponse}, else -1. */
  protected abstract int status(Object response);

  /** The Servlet 4.0+ mapping route; throws {@link LinkageError} on a 3.x container. */
  protected abstract String mappingRoute(Q request);

  protected abstract String contextPath(Q request);

  protected abstract String servletPath(Q request);

  protected abstract String pathInfo(Q request);

  protected abstract String protocol(Q request);

  /** {@code getHeader} (Tomcat's own requests are read by {@link #header} from their bytes instead). */
  protected abstract String apiHeader(Q request, String name);

  /** {@code getHeaders}, as an iterator (empty when absent). */
  protected abstract Iterator<String> apiHeaders(Q request, String name);

  /** {@code getQueryString}. */
  protected abstract String apiQuery(Q request);

  /** {@code getServerName}. */
  protected abstract String apiServerName(Q request);

  /** {@code getRequestURI}. */
  protected abstract String apiPath(Q request);

  /** The request's {@code ServletContext}. */
  protected abstract Object servletContext(Q request);

  /** The url-patterns of each servlet registered with the {@code ServletContext} (an element may be null). */
  protected abstract Collection<? extends Collection<String>> servletMappings(Object servletContext);

  /** Whether {@code error} is the namespace's {@code ServletException} (or a subclass). */
  protected abstract boolean isServletException(Throwable error);

  // ---------------------------------------------------------------- what the advice calls

  /** The new span, current; {@link ActiveSpan#NOOP} when the request is not HTTP or already traced. */
  public final ActiveSpan start(Object request) {
    Q http = httpRequest(request);
    if (http == null || getAttribute(http, SPAN_ATTRIBUTE) != null) {
      return ActiveSpan.NOOP;
    }
    ActiveSpan span = HttpServerTracing.startSpan(this, http);
    setAttribute(http, SPAN_ATTRIBUTE, span);
    return span.activate();
  }

  /** Closes the span's scope; ends the span now, or when the async processing started here completes. */
  public final void finish(ActiveSpan span, Object request, Object response, Throwable error) {
    if (span == null || span == ActiveSpan.NOOP) {
      return;
    }
    span.deactivate();
    Q http = httpRequest(request);
    if (error == null && http != null && isAsyncStarted(http)) {
      endWhenAsyncDone(http, span);
      return;
    }
    HttpServerTracing.end(span, statusCode(response, error), applicationError(error));
  }

  /**
   * What the span records of a thrown error: a {@code ServletException} that only wraps a cause (Spring's
   * "Request processing failed", Spring 5's {@code NestedServletException}, a filter rethrowing) is
   * recorded as that cause, the application's own exception. The container still gets what was thrown.
   */
  final Throwable applicationError(Throwable error) {
    Throwable recorded = error;
    for (int depth = 0; depth < 8 && recorded != null && isServletException(recorded); depth++) {
      Throwable cause = recorded.getCause();
      if (cause == null || cause == recorded) {
        break;
      }
      recorded = cause;
    }
    return recorded;
  }

  /** From the async listeners: guarded like advice, a failure is reported, never thrown to the container. */
  public final void asyncEnded(ActiveSpan span, Object response, Throwable error) {
    try {
      HttpServerTracing.end(span, statusCode(response, error), applicationError(error));
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
  }

  final int statusCode(Object response, Throwable error) {
    int status = status(response);
    if (status < 0) {
      return error != null ? 500 : 0;
    }
    // The container turns an exception into a 500 after we return; report what the client will see.
    return error != null && status < 400 ? 500 : status;
  }

  // ---------------------------------------------------------------- HttpServerRequestGetter

  @Override
  public final String route(Q request) {
    if (mappingSupported) {
      try {
        return mappingRoute(request);
      } catch (LinkageError servlet3) {
        mappingSupported = false;
      }
    }
    String pathInfo = pathInfo(request);
    // Without path info the servlet path may be the whole path (the default servlet, an extension
    // mapping): the context's patterns tell, looked up only then.
    Collection<String> patterns = pathInfo == null ? mappedPatterns(request) : null;
    return ServletRoutes.fromServletPath(contextPath(request), servletPath(request), pathInfo, patterns);
  }

  private Collection<String> mappedPatterns(Q request) {
    Object context = servletContext(request);
    if (context == null) {
      return null;
    }
    ContextPatterns last = lastContext;
    if (last != null && last.context.get() == context) {
      return last.patterns;
    }
    Collection<String> patterns = servletPatterns(context);
    lastContext = new ContextPatterns(context, patterns);
    return patterns;
  }

  /** Every url-pattern mapped to a servlet of the context; null when the context will not tell. */
  private Collection<String> servletPatterns(Object context) {
    try {
      Set<String> patterns = new HashSet<>();
      for (Collection<String> mappings : servletMappings(context)) {
        if (mappings != null) {
          patterns.addAll(mappings);
        }
      }
      return patterns;
    } catch (RuntimeException notTold) {
      // UnsupportedOperationException: a context restricted to a listener. Whatever the container throws,
      // the span is still made, with the servlet path as its route.
      return null;
    }
  }

  /** A context's url-patterns; weakly keyed, so an undeployed application's context is not kept alive. */
  private static final class ContextPatterns {
    final WeakReference<Object> context;
    final Collection<String> patterns;

    ContextPatterns(Object context, Collection<String> patterns) {
      this.context = new WeakReference<>(context);
      this.patterns = patterns;
    }
  }

  /** The header's first value: from Tomcat's bytes for Tomcat's own requests ({@link TomcatRequestText}). */
  protected final String header(Q request, String name) {
    if (TomcatRequestText.reads(request)) {
      String value = TomcatRequestText.header(request, name);
      if (value != TomcatRequestText.UNREAD) {
        return value;
      }
    }
    return apiHeader(request, name);
  }

  @Override
  public final Iterator<String> getAll(Q request, String name) {
    if (TomcatRequestText.reads(request)) {
      Iterator<String> values = TomcatRequestText.headers(request, name);
      if (values != null) {
        return values;
      }
    }
    return apiHeaders(request, name);
  }

  @Override
  public final String query(Q request) {
    String value = fromTomcat(request, TomcatRequestText::query);
    return value != TomcatRequestText.UNREAD ? value : apiQuery(request);
  }

  @Override
  public final String userAgent(Q request) {
    String value = fromTomcat(request, TomcatRequestText::userAgent);
    return value != TomcatRequestText.UNREAD ? value : apiHeader(request, "User-Agent");
  }

  /** The request path: a kept one Tomcat's bytes spell for Tomcat's own requests ({@link TomcatRequestText}). */
  @Override
  public final String path(Q request) {
    String value = fromTomcat(request, TomcatRequestText::path);
    return value != TomcatRequestText.UNREAD ? value : apiPath(request);
  }

  /** The host name: Tomcat's parsed one for Tomcat's own requests ({@link TomcatRequestText}). */
  @Override
  public final String serverAddress(Q request) {
    String value = fromTomcat(request, TomcatRequestText::serverName);
    return value != TomcatRequestText.UNREAD ? value : apiServerName(request);
  }

  /**
   * What {@code read} answers for Tomcat's own request, {@link TomcatRequestText#UNREAD} for any other
   * (the caller then asks the servlet API).
   */
  private static String fromTomcat(Object request, Function<Object, String> read) {
    return TomcatRequestText.reads(request) ? read.apply(request) : TomcatRequestText.UNREAD;
  }

  @Override
  public final String protocolVersion(Q request) {
    return ServletRoutes.protocolVersion(protocol(request));
  }
}
