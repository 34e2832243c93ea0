package io.spanwise.instrumentation.httpclient.agent;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientBridge;
import io.spanwise.bootstrap.instrumentation.httpclient.HttpClientTracing;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.LinkedContext;
import io.spanwise.instrumentation.spi.WeakKeyMap;
import io.spanwise.instrumentation.support.HostNames;
import io.spanwise.instrumentation.support.ServerAttributes;
import io.spanwise.instrumentation.support.http.HttpAttributes;
import io.spanwise.instrumentation.support.http.UrlRedaction;
import java.lang.invoke.MethodHandles;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * HTTP client spans per the OpenTelemetry semantic conventions (stable HTTP names), for every client
 * module: CLIENT span {@code "{method}"}, {@code http.request.method}, {@code url.full} (redacted),
 * {@code server.address}, {@code server.port}, {@code http.response.status_code}, {@code error.type};
 * ERROR for 4xx, 5xx and failures. The propagation headers come from the configured propagators.
 */
public final class HttpClientTracer implements HttpClientBridge {
  private static InstrumentationContext installedFor;

  /**
   * Marks a context whose span is an HTTP CLIENT span of ours: a client called inside another client's
   * call (a library layered on {@code HttpURLConnection}, the JDK client's facade calling its
   * implementation) makes no second span.
   */
  private static final ContextKey<Boolean> IN_HTTP_CLIENT = ContextKey.named("spanwise-http-client");

  private static final TextMapSetter<List<String>> PAIRS = (pairs, name, value) -> {
    pairs.add(name);
    pairs.add(value);
  };

  /** The application's own header wins: set only what it did not set itself. */
  private static final HeaderSetter<HttpURLConnection> CONNECTION = (connection, name, value) -> {
    if (connection.getRequestProperty(name) == null) {
      connection.setRequestProperty(name, value);
    }
  };

  private final Tracer tracer;
  private final InstrumentationContext context;
  /** The span of each {@code HttpURLConnection} between its first call and its response. */
  private final WeakKeyMap<HttpURLConnection, AgentSpan> connections = new WeakKeyMap<>();

  public HttpClientTracer(InstrumentationContext context) {
    this.tracer = context.tracer();
    this.context = context;
  }

  /**
   * Installs one tracer behind {@link HttpClientTracing} for the three client modules (each calls this when
   * enabled): their spans share the connections map and the rule that a client inside another makes none.
   */
  public static synchronized void install(InstrumentationContext context) {
    if (installedFor != context) {
      installedFor = context;
      HttpClientTracing.install(new HttpClientTracer(context));
    }
  }

  @Override
  public ActiveSpan startSpan(String method, URI uri) {
    return start(method, uri);
  }

  @Override
  public <C> void inject(ActiveSpan span, C request, HeaderSetter<C> setter) {
    if (span instanceof AgentSpan) {
      context.propagators().getTextMapPropagator().inject(((AgentSpan) span).context(), request, setter::set);
    }
  }

  @Override
  public Object withHeaders(ActiveSpan span, Object request, Object client) {
    if (!(span instanceof AgentSpan) || JdkHttpClientSupport.setsSystemHeaders(client)) {
      return request;
    }
    return JdkHttpClientSupport.withHeaders(request, headers((AgentSpan) span));
  }

  @Override
  public boolean needsRequestLookup() {
    return JdkHttpClientSupport.needsLookup();
  }

  @Override
  public void requestLookup(MethodHandles.Lookup lookup) {
    JdkHttpClientSupport.lookup(lookup);
  }

  @Override
  public void requestCreated(Object request) {
    if (!JdkHttpClientSupport.canSetSystemHeaders()) {
      return;
    }
    Context current = Context.current();
    if (current.get(IN_HTTP_CLIENT) != null) {
      context.propagators().getTextMapPropagator().inject(current, request, SYSTEM_HEADERS);
    }
  }

  /** The application's own header wins: the JDK client sends a user header instead of its own. */
  private static final TextMapSetter<Object> SYSTEM_HEADERS = JdkHttpClientSupport::setSystemHeader;

  @Override
  public void end(ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof AgentSpan) {
      end((AgentSpan) span, statusCode, error);
    }
  }

  @Override
  public void endWhenDone(ActiveSpan span, CompletableFuture<?> future) {
    if (span instanceof AgentSpan && future != null) {
      endWhenDone((AgentSpan) span, future);
    }
  }

  ActiveSpan start(String rawMethod, URI uri) {
    if (context.isAgentThread()) {
      return ActiveSpan.NOOP;
    }
    Context parent = Context.current();
    if (parent.get(IN_HTTP_CLIENT) != null) {
      return ActiveSpan.NOOP;
    }
    boolean known = HttpAttributes.isKnownMethod(rawMethod);
    String method = known ? rawMethod : HttpAttributes.OTHER_METHOD;
    io.opentelemetry.api.trace.Span span =
        tracer.spanBuilder(known ? method : "HTTP").setSpanKind(SpanKind.CLIENT).setParent(parent).startSpan();
    // set once the span is known to be recorded (the agent's samplers decide on the parent and the trace
    // id only): a call that is not recorded builds no redacted URL and no attribute map
    if (span.isRecording()) {
      span.setAttribute(HttpAttributes.METHOD, method);
      if (!known && rawMethod != null) {
        span.setAttribute(HttpAttributes.METHOD_ORIGINAL, rawMethod);
      }
      if (uri != null) {
        span.setAttribute(HttpAttributes.URL_FULL, UrlRedaction.redactUrl(uri));
        String host = uri.getHost();
        if (host != null) {
          span.setAttribute(ServerAttributes.SERVER_ADDRESS, HostNames.withoutBrackets(host));
          int port = port(uri);
          if (port > 0) {
            span.setAttribute(ServerAttributes.SERVER_PORT, ServerAttributes.port(port));
          }
        }
      }
    }
    return new AgentSpan(LinkedContext.withSpan(parent, span).with(IN_HTTP_CLIENT, Boolean.TRUE), span);
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme();
    return "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
  }

  /** Name/value pairs of the propagation headers naming the span as parent. */
  String[] headers(AgentSpan span) {
    List<String> pairs = new ArrayList<>(6);
    context.propagators().getTextMapPropagator().inject(span.context(), pairs, PAIRS);
    return pairs.toArray(new String[0]);
  }

  /** 4xx and 5xx are errors on a client span; so is any failure without a response. */
  void end(AgentSpan span, int statusCode, Throwable error) {
    if (statusCode > 0) {
      span.span().setAttribute(HttpAttributes.STATUS_CODE, HttpAttributes.statusCode(statusCode));
    }
    if (error != null) {
      span.recordException(unwrap(error));
    } else if (statusCode >= 400) {
      span.markError(Integer.toString(statusCode));
    }
    span.end();
  }

  /** Ends the span when the future completes; the application's future is not replaced. */
  void endWhenDone(AgentSpan span, CompletableFuture<?> future) {
    future.whenComplete((response, error) ->
        end(span, error == null ? JdkHttpClientSupport.statusCode(response) : 0, error));
  }

  /**
   * The connection's span; {@link ActiveSpan#NOOP} once it has ended (the JDK calls {@code getInputStream}
   * again after a failed attempt: that retry is the same request, not a new one), or when there is none and
   * it is {@code connected} already (too late for headers). Else a new span, its headers set on the
   * connection.
   */
  @Override
  public ActiveSpan urlConnectionSpan(HttpURLConnection connection, boolean connected) {
    AgentSpan span = connections.approximateSize() == 0 ? null : connections.get(connection);
    if (span != null) {
      return span.isEnded() ? ActiveSpan.NOOP : span;
    }
    return connected ? ActiveSpan.NOOP : startConnection(connection);
  }

  private ActiveSpan startConnection(HttpURLConnection connection) {
    ActiveSpan started = start(connection.getRequestMethod(), toUri(connection.getURL()));
    if (!(started instanceof AgentSpan)) {
      return started;
    }
    AgentSpan span = (AgentSpan) started;
    try {
      inject(span, connection, CONNECTION);
    } catch (IllegalStateException alreadyConnecting) {
      // connecting already, though not "connected": too late for headers; this unended span is
      // never exported
      return ActiveSpan.NOOP;
    }
    connections.put(connection, span);
    return span;
  }

  private static URI toUri(URL url) {
    if (url == null) {
      return null;
    }
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      // a URL the URI grammar rejects (unencoded spaces...): the parts that name the server are enough
      try {
        return new URI(url.getProtocol(), null, url.getHost(), url.getPort(), null, null, null);
      } catch (URISyntaxException again) {
        return null;
      }
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error.getCause();
    return (error instanceof CompletionException || error instanceof ExecutionException) && cause != null
        ? cause : error;
  }
}
