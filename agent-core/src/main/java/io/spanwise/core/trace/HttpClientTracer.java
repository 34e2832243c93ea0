package io.spanwise.core.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.core.sdk.AgentThreads;
import io.spanwise.core.util.HostNames;
import io.spanwise.core.util.WeakKeyMap;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * HTTP client spans per the OpenTelemetry semantic conventions (stable HTTP names), for every client
 * module: CLIENT span {@code "{method}"}, {@code http.request.method}, {@code url.full} (redacted),
 * {@code server.address}, {@code server.port}, {@code http.response.status_code}, {@code error.type};
 * ERROR for 4xx, 5xx and failures. The propagation headers come from the configured propagators.
 */
final class HttpClientTracer {
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

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

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");

  private final Tracer tracer;
  private final ContextPropagators propagators;
  /** The span of each {@code HttpURLConnection} between its first call and its response. */
  private final WeakKeyMap<HttpURLConnection, CoreSpan> connections = new WeakKeyMap<>();

  HttpClientTracer(Tracer tracer, ContextPropagators propagators) {
    this.tracer = tracer;
    this.propagators = propagators;
  }

  CoreSpan start(String rawMethod, URI uri) {
    if (AgentThreads.isAgentExportThread()) {
      return null;
    }
    Context parent = Context.current();
    if (parent.get(IN_HTTP_CLIENT) != null) {
      return null;
    }
    boolean known = rawMethod != null && KNOWN_METHODS.contains(rawMethod);
    String method = known ? rawMethod : "_OTHER";
    SpanBuilder builder = tracer.spanBuilder(known ? method : "HTTP").setSpanKind(SpanKind.CLIENT)
        .setParent(parent).setAttribute(HttpServerTracer.METHOD, method);
    if (!known && rawMethod != null) {
      builder.setAttribute(HttpServerTracer.METHOD_ORIGINAL, rawMethod);
    }
    if (uri != null) {
      builder.setAttribute(URL_FULL, UrlRedaction.redactUrl(uri));
      String host = uri.getHost();
      if (host != null) {
        builder.setAttribute(HttpServerTracer.SERVER_ADDRESS, HostNames.withoutBrackets(host));
        int port = port(uri);
        if (port > 0) {
          builder.setAttribute(HttpServerTracer.SERVER_PORT, (long) port);
        }
      }
    }
    io.opentelemetry.api.trace.Span span = builder.startSpan();
    return new CoreSpan(parent.with(span).with(IN_HTTP_CLIENT, Boolean.TRUE), span);
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme();
    return "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
  }

  /** Name/value pairs of the propagation headers naming the span as parent. */
  String[] headers(CoreSpan span) {
    List<String> pairs = new ArrayList<>(6);
    propagators.getTextMapPropagator().inject(span.context(), pairs, PAIRS);
    return pairs.toArray(new String[0]);
  }

  /** 4xx and 5xx are errors on a client span; so is any failure without a response. */
  void end(CoreSpan span, int statusCode, Throwable error) {
    if (statusCode > 0) {
      span.span.setAttribute(HttpServerTracer.STATUS_CODE, (long) statusCode);
    }
    if (error != null) {
      span.recordException(unwrap(error));
    } else if (statusCode >= 400) {
      span.markError(Integer.toString(statusCode));
    }
    span.end();
  }

  /** Ends the span when the future completes; the application's future is not replaced. */
  void endWhenDone(CoreSpan span, CompletableFuture<?> future) {
    future.whenComplete((response, error) ->
        end(span, error == null ? JdkHttpClientSupport.statusCode(response) : 0, error));
  }

  /**
   * The connection's span; {@link ActiveSpan#NOOP} once it has ended (the JDK calls
   * {@code getInputStream} again after a failed attempt: that retry is the same request, not a new one).
   */
  ActiveSpan connectionSpan(HttpURLConnection connection) {
    CoreSpan span = connections.approximateSize() == 0 ? null : connections.get(connection);
    return span == null ? null : span.isEnded() ? ActiveSpan.NOOP : span;
  }

  CoreSpan startConnection(HttpURLConnection connection) {
    CoreSpan span = start(connection.getRequestMethod(), toUri(connection.getURL()));
    if (span == null) {
      return null;
    }
    String[] headers = headers(span);
    try {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        if (connection.getRequestProperty(headers[i]) == null) { // the application's own header wins
          connection.setRequestProperty(headers[i], headers[i + 1]);
        }
      }
    } catch (IllegalStateException alreadyConnecting) {
      // connecting already, though not "connected": too late for headers; this unended span is
      // never exported
      return null;
    }
    connections.put(connection, span);
    return span;
  }

  /** Ends the span; the connection stays known (weakly) as done, so that nothing starts another. */
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
