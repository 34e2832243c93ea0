package io.spanwise.instrumentation.httpclient.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
   * {@code HttpRequestImpl.setSystemHeader}, as {@code (Object request, String name, String value)void}:
   * found through the lookup the request class hands over from its advice; null until then,
   * or when this JDK's client has no such method (the headers then ride in a copy of the request).
   */
  private static volatile MethodHandle setSystemHeader;
  private static volatile boolean lookedUp;

  static boolean needsLookup() {
    return !lookedUp;
  }

  static void lookup(MethodHandles.Lookup lookup) {
    if (lookedUp) {
      return;
    }
    try {
      setSystemHeader = lookup.findVirtual(lookup.lookupClass(), "setSystemHeader",
              MethodType.methodType(void.class, String.class, String.class))
          .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another JDK's client: every call sends a copy of its request with the headers added
    }
    lookedUp = true;
  }

  static boolean canSetSystemHeaders() {
    return setSystemHeader != null;
  }

  /**
   * Whether the propagation headers can go into the client's own request object as its own headers: the
   * client makes that object on the calling thread for each call, but makes a new one without them for
   * a redirect or an authentication retry, so a client that follows redirects or has an authenticator
   * is sent a copy of the request with the headers added instead.
   */
  static boolean setsSystemHeaders(Object client) {
    if (!(client instanceof HttpClient)) {
      return false;
    }
    if (!lookedUp) {
      initializeRequestClass(client);
    }
    if (setSystemHeader == null) {
      return false;
    }
    HttpClient http = (HttpClient) client;
    return http.followRedirects() == HttpClient.Redirect.NEVER && http.authenticator().isEmpty();
  }

  /**
   * The client makes its first request object inside the first call, after the headers had to be decided:
   * initializing the class first runs its static initializer's advice, which hands the lookup over. Tried
   * once; a class initialized before the agent was woven hands it over at its next construction instead.
   */
  private static void initializeRequestClass(Object client) {
    if (!initializing) {
      initializing = true;
      try {
        Class.forName(REQUEST_CLASS, true, client.getClass().getClassLoader());
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // another JDK's client: the headers ride in a copy of the request
      }
    }
  }

  private static final String REQUEST_CLASS = "jdk.internal.net.http.HttpRequestImpl";
  private static volatile boolean initializing;

  /** Sets one header on the client's own request, unless the application set that header itself. */
  static void setSystemHeader(Object request, String name, String value) {
    MethodHandle setter = setSystemHeader;
    if (setter == null || !(request instanceof HttpRequest)
        || ((HttpRequest) request).headers().map().containsKey(name)) {
      return;
    }
    try {
      setter.invokeExact(request, name, value);
    } catch (Throwable e) {
      // the request goes without it, as it would without the agent
    }
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
