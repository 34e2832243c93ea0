package io.spanwise.testing;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import io.spanwise.bootstrap.instrumentation.http.HttpServerTracing;
import java.util.Collections;
import java.util.Iterator;

/**
 * A minimal incoming request, to start a SERVER span through HttpServerTracing as servlet advice does.
 * Tests call {@link #startServerSpan()} and {@link #endServerSpan}: they need only agent-bootstrap on
 * their class path, not the support module that holds the HTTP server facade.
 */
public final class TestRequest {
  private final String traceparent;

  private TestRequest(String traceparent) {
    this.traceparent = traceparent;
  }

  /** Starts the SERVER span of a {@code GET /orders/42} request (call before the work, end it after). */
  public static ActiveSpan startServerSpan() {
    return startServerSpan(null);
  }

  /** The same request carrying a {@code traceparent} header (null: none), as a caller's would. */
  public static ActiveSpan startServerSpan(String traceparent) {
    return HttpServerTracing.startSpan(GETTER, new TestRequest(traceparent));
  }

  /** Ends a span from {@link #startServerSpan()} with status 200. */
  public static void endServerSpan(ActiveSpan span) {
    HttpServerTracing.end(span, 200, null);
  }

  public static final HttpServerRequestGetter<TestRequest> GETTER = new HttpServerRequestGetter<>() {
    @Override
    public Iterator<String> getAll(TestRequest request, String name) {
      return request.traceparent != null && name.equalsIgnoreCase("traceparent")
          ? Collections.singletonList(request.traceparent).iterator()
          : Collections.emptyIterator();
    }

    @Override
    public String method(TestRequest request) {
      return "GET";
    }

    @Override
    public String scheme(TestRequest request) {
      return "http";
    }

    @Override
    public String serverAddress(TestRequest request) {
      return "localhost";
    }

    @Override
    public int serverPort(TestRequest request) {
      return 8080;
    }

    @Override
    public String path(TestRequest request) {
      return "/orders/42";
    }

    @Override
    public String query(TestRequest request) {
      return null;
    }

    @Override
    public String route(TestRequest request) {
      return "/orders/*";
    }

    @Override
    public String clientAddress(TestRequest request) {
      return "127.0.0.1";
    }

    @Override
    public String userAgent(TestRequest request) {
      return "test";
    }

    @Override
    public String protocolVersion(TestRequest request) {
      return "1.1";
    }
  };
}
