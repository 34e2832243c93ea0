package io.spanwise.instrumentation.httpclient.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the JDK {@code HttpClient} support that name {@code java.net.http} types, kept in one class
 * so nothing else in the core links against that module (a runtime image may leave it out; the advice
 * that calls here only runs when it is present).
 */
final class JdkHttpClientSupport {
  private JdkHttpClientSupport() {}

  static int statusCode(Object response) {
    return response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0;
  }

  /**
   * {@code request} with the headers added, except those the application set itself (which are sent as
   * they are, once); the request itself when nothing is added.
   */
  static Object withHeaders(Object request, String[] headers) {
    if (!(request instanceof HttpRequest) || headers.length == 0) {
      return request;
    }
    HttpRequest original = (HttpRequest) request;
    HttpHeaders own = original.headers();
    Map<String, List<String>> merged = null;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (own.firstValue(headers[i]).isPresent()) {
        continue; // the application's own header wins
      }
      if (merged == null) {
        merged = new LinkedHashMap<>(own.map());
      }
      merged.put(headers[i], List.of(headers[i + 1]));
    }
    return merged == null ? request : new HeadersAdded(original, HttpHeaders.of(merged, (name, value) -> true));
  }

  /**
   * The application's request with other headers: every other part is the original's. The JDK client
   * reads a request only through these methods, so its own and any other {@code HttpRequest} are equal
   * to it here ({@code HttpRequest.equals} compares method, URI and headers). The application sees this
   * object as {@code response.request()}.
   */
  static final class HeadersAdded extends HttpRequest {
    private final HttpRequest original;
    private final HttpHeaders headers;

    HeadersAdded(HttpRequest original, HttpHeaders headers) {
      this.original = original;
      this.headers = headers;
    }

    @Override
    public Optional<BodyPublisher> bodyPublisher() {
      return original.bodyPublisher();
    }

    @Override
    public String method() {
      return original.method();
    }

    @Override
    public Optional<Duration> timeout() {
      return original.timeout();
    }

    @Override
    public boolean expectContinue() {
      return original.expectContinue();
    }

    @Override
    public URI uri() {
      return original.uri();
    }

    @Override
    public Optional<HttpClient.Version> version() {
      return original.version();
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public String toString() {
      return original.toString();
    }
  }
}
