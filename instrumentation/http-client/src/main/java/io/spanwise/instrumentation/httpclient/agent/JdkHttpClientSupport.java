package io.spanwise.instrumentation.httpclient.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

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
    // the client's header map is case-insensitive: a look-up in it allocates nothing (firstValue
    // would make an Optional through a stream per header)
    Map<String, List<String>> own = original.headers().map();
    int added = 0;
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (!own.containsKey(headers[i])) {
        added++; // the application's own header wins
      }
    }
    if (added == 0) {
      return request;
    }
    return new HeadersAdded(original, HttpHeaders.of(new Merged(own, headers), (name, value) -> true));
  }

  /**
   * The application's headers followed by the added ones it does not have, as {@code HttpHeaders.of}
   * reads them (its {@code forEach}), without copying either into a map first.
   */
  private static final class Merged extends AbstractMap<String, List<String>> {
    private final Map<String, List<String>> own;
    private final String[] pairs;

    Merged(Map<String, List<String>> own, String[] pairs) {
      this.own = own;
      this.pairs = pairs;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super List<String>> action) {
      own.forEach(action);
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        if (!own.containsKey(pairs[i])) {
          action.accept(pairs[i], List.of(pairs[i + 1]));
        }
      }
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      forEach(copy::put);
      return copy.entrySet();
    }
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
