package io.spanwise.testing;

import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import java.util.Collections;
import java.util.Iterator;

/** A minimal incoming request, to start a SERVER span through HttpServerTracing as servlet advice does. */
public final class TestRequest {
  public static final HttpServerRequestGetter<TestRequest> GETTER = new HttpServerRequestGetter<>() {
    @Override
    public Iterator<String> getAll(TestRequest request, String name) {
      return Collections.emptyIterator();
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
