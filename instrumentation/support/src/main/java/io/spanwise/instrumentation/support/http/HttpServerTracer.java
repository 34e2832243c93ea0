package io.spanwise.instrumentation.support.http;

import io.opentelemetry.api.trace.Span;
import io.spanwise.instrumentation.spi.Suppression;

import static io.spanwise.instrumentation.support.ServerAttributes.SERVER_ADDRESS;
import static io.spanwise.instrumentation.support.ServerAttributes.SERVER_PORT;
import static io.spanwise.instrumentation.support.ServerAttributes.port;
import static io.spanwise.instrumentation.support.http.HttpAttributes.CLIENT_ADDRESS;
import static io.spanwise.instrumentation.support.http.HttpAttributes.KNOWN_METHODS;
import static io.spanwise.instrumentation.support.http.HttpAttributes.METHOD;
import static io.spanwise.instrumentation.support.http.HttpAttributes.METHOD_ORIGINAL;
import static io.spanwise.instrumentation.support.http.HttpAttributes.OTHER_METHOD;
import static io.spanwise.instrumentation.support.http.HttpAttributes.PROTOCOL_VERSION;
import static io.spanwise.instrumentation.support.http.HttpAttributes.ROUTE;
import static io.spanwise.instrumentation.support.http.HttpAttributes.STATUS_CODE;
import static io.spanwise.instrumentation.support.http.HttpAttributes.URL_PATH;
import static io.spanwise.instrumentation.support.http.HttpAttributes.URL_QUERY;
import static io.spanwise.instrumentation.support.http.HttpAttributes.URL_SCHEME;
import static io.spanwise.instrumentation.support.http.HttpAttributes.USER_AGENT;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.http.HttpServerBridge;
import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.LinkedContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP server spans per the OpenTelemetry semantic conventions (stable HTTP names), for every server
 * module: SERVER span {@code "{method} {http.route}"} (or {@code "{method}"}), a child of the context in
 * the request's headers; ERROR for 5xx and thrown errors.
 */
public final class HttpServerTracer implements HttpServerBridge {
  private final Tracer tracer;
  private final InstrumentationContext context;
  private final IgnoredRequests ignored;

  public HttpServerTracer(InstrumentationContext context) {
    this.tracer = context.tracer();
    this.context = context;
    this.ignored = IgnoredRequests.fromConfig(context.config());
  }

  @Override
  public <R> ActiveSpan startSpan(HttpServerRequestGetter<R> getter, R request) {
    return start(getter, request);
  }

  @Override
  public void updateRoute(String route) {
    ServerRoute server = Context.current().get(SERVER_ROUTE);
    if (server == null || server.routed) {
      return;
    }
    server.routed = true;
    Span span = server.span;
    if (span.isRecording()) {
      span.setAttribute(ROUTE, route);
      span.updateName(spanName(server.method, route));
    }
  }

  /**
   * The SERVER span a request's context carries, so that a framework deeper in the request can name it
   * by its route ({@link #updateRoute}); every span started under it inherits the key.
   */
  private static final ContextKey<ServerRoute> SERVER_ROUTE = ContextKey.named("spanwise-http-server-route");

  private static final class ServerRoute {
    final Span span;
    final String method;
    /** Set once a framework named the span; only the request's own threads touch it, one at a time. */
    volatile boolean routed;

    ServerRoute(Span span, String method) {
      this.span = span;
      this.method = method;
    }
  }

  @Override
  public void end(ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof AgentSpan) {
      end((AgentSpan) span, statusCode, error);
    }
  }

  <R> AgentSpan start(HttpServerRequestGetter<R> getter, R request) {
    Context parent = context.extract(Context.root(), request, getter);
    String rawMethod = getter.method(request);
    boolean known = rawMethod != null && KNOWN_METHODS.contains(rawMethod);
    String method = known ? rawMethod : OTHER_METHOD;
    String route = getter.route(request);
    if (!ignored.isEmpty() && ignored.matches(rawMethod, route, getter.path(request))) {
      // no span, no trace: the incoming context (if any) is current, unchanged, and nothing under it is
      // traced; a call made downstream propagates exactly what came in
      return new AgentSpan(Suppression.suppress(parent), Span.fromContext(parent));
    }
    String name = spanName(known ? method : "HTTP", route);

    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
    if (!span.isRecording()) {
      // not sampled: only the context goes on (propagation); no attributes, and no route key, since
      // naming a span that is not recorded changes nothing
      return new AgentSpan(span, parent);
    }
    // The attributes are set once the span is known to be recorded: the agent's samplers decide on the
    // parent and the trace id only, and a span not recorded would drop them (their map, the boxed port).
    span.setAttribute(METHOD, method);
    if (!known && rawMethod != null) {
      span.setAttribute(METHOD_ORIGINAL, rawMethod);
    }
    setIfPresent(span, ROUTE, route);
    setIfPresent(span, URL_SCHEME, getter.scheme(request));
    setIfPresent(span, URL_PATH, getter.path(request));
    setIfPresent(span, URL_QUERY, UrlRedaction.redactQuery(getter.query(request)));
    setIfPresent(span, SERVER_ADDRESS, getter.serverAddress(request));
    int port = getter.serverPort(request);
    if (port > 0) {
      span.setAttribute(SERVER_PORT, port(port));
    }
    setIfPresent(span, CLIENT_ADDRESS, getter.clientAddress(request));
    setIfPresent(span, USER_AGENT, getter.userAgent(request));
    setIfPresent(span, PROTOCOL_VERSION, getter.protocolVersion(request));
    String nameMethod = known ? method : "HTTP";
    return new AgentSpan(LinkedContext.withSpan(parent, span).with(SERVER_ROUTE, new ServerRoute(span, nameMethod)), span);
  }

  /**
   * {@code "{method} {route}"}, made once per method and route: routes are few (they are mappings, not
   * paths), and the name is otherwise the one string the span would build on every request. Each
   * method's map is emptied if it ever holds {@value #MAX_ROUTES} routes.
   */
  private String spanName(String method, String route) {
    if (route == null) {
      return method;
    }
    Map<String, String> names = namesByMethod.get(method);
    if (names == null) {
      return method + " " + route;
    }
    String name = names.get(route);
    if (name == null) {
      name = method + " " + route;
      if (names.size() >= MAX_ROUTES) {
        names.clear();
      }
      names.put(route, name);
    }
    return name;
  }

  private static final int MAX_ROUTES = 1000;
  private final Map<String, Map<String, String>> namesByMethod = namesByMethod();

  private static Map<String, Map<String, String>> namesByMethod() {
    Map<String, Map<String, String>> byMethod = new HashMap<>();
    for (String method : KNOWN_METHODS) {
      byMethod.put(method, new ConcurrentHashMap<>());
    }
    byMethod.put("HTTP", new ConcurrentHashMap<>());
    return byMethod;
  }

  /** 5xx and thrown exceptions are errors on a server span; 4xx are the client's and are not. */
  void end(AgentSpan span, int statusCode, Throwable error) {
    if (statusCode > 0) {
      span.span().setAttribute(STATUS_CODE, HttpAttributes.statusCode(statusCode));
    }
    if (error != null) {
      span.recordException(error);
    } else if (statusCode >= 500) {
      span.markError(Integer.toString(statusCode));
    }
    span.end();
  }

  private static void setIfPresent(Span span, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      span.setAttribute(key, value);
    }
  }
}
