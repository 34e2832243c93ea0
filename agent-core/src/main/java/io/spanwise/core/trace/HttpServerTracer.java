package io.spanwise.core.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.HttpServerRequestGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** HTTP server spans per the OpenTelemetry semantic conventions (stable HTTP names). */
final class HttpServerTracer {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");

  private final Tracer tracer;
  private final ContextPropagators propagators;

  HttpServerTracer(Tracer tracer, ContextPropagators propagators) {
    this.tracer = tracer;
    this.propagators = propagators;
  }

  <R> CoreSpan start(HttpServerRequestGetter<R> getter, R request) {
    Context parent = propagators.getTextMapPropagator()
        .extract(Context.root(), request, new HeaderGetterAdapter<>(getter));
    String rawMethod = getter.method(request);
    boolean known = rawMethod != null && KNOWN_METHODS.contains(rawMethod);
    String method = known ? rawMethod : "_OTHER";
    String route = getter.route(request);
    String name = spanName(known ? method : "HTTP", route);

    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent)
        .setAttribute(METHOD, method);
    if (!known && rawMethod != null) {
      builder.setAttribute(METHOD_ORIGINAL, rawMethod);
    }
    setIfPresent(builder, ROUTE, route);
    setIfPresent(builder, URL_SCHEME, getter.scheme(request));
    setIfPresent(builder, URL_PATH, getter.path(request));
    setIfPresent(builder, URL_QUERY, UrlRedaction.redactQuery(getter.query(request)));
    setIfPresent(builder, SERVER_ADDRESS, getter.serverAddress(request));
    int port = getter.serverPort(request);
    if (port > 0) {
      builder.setAttribute(SERVER_PORT, (long) port);
    }
    setIfPresent(builder, CLIENT_ADDRESS, getter.clientAddress(request));
    setIfPresent(builder, USER_AGENT, getter.userAgent(request));
    setIfPresent(builder, PROTOCOL_VERSION, getter.protocolVersion(request));
    return new CoreSpan(builder.startSpan(), parent);
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
  void end(CoreSpan span, int statusCode, Throwable error) {
    if (statusCode > 0) {
      span.span.setAttribute(STATUS_CODE, (long) statusCode);
    }
    if (error != null) {
      span.recordException(error);
    } else if (statusCode >= 500) {
      span.markError(Integer.toString(statusCode));
    }
    span.end();
  }

  private static void setIfPresent(SpanBuilder builder, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      builder.setAttribute(key, value);
    }
  }
}
