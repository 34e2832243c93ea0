package io.spanwise.core.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * OTLP over HTTP with protobuf bodies ({@code POST /v1/traces}), sent with the JDK's {@code HttpClient}:
 * the transport of {@code https://} endpoints ({@link OtlpPlainHttpTransport} sends to {@code http://}).
 * The OTLP specification's retryable answers are 429, 502, 503 and 504, with {@code Retry-After} honoured
 * when present; a connection that cannot be made or an answer that does not come in time are retryable
 * too. Any other non-2xx answer refuses the request for good.
 */
public final class OtlpHttpTransport implements OtlpTransport {
  private final URI endpoint;
  private final Map<String, String> headers;
  private final boolean gzip;
  private final Duration connectTimeout;
  private final SSLContext sslContext;
  private final Supplier<? extends Executor> executor;
  private HttpClient client; // made on the first send: the JDK sets up TLS when a client is built

  /**
   * @param sslContext for https: the trusted certificates and the client certificate, or null for the
   *     JVM's defaults
   * @param executor makes the client's own threads (the agent's exporter threads, never traced), with
   *     the client, on the first send
   */
  public OtlpHttpTransport(URI endpoint, Map<String, String> headers, boolean gzip, Duration connectTimeout,
      SSLContext sslContext, Supplier<? extends Executor> executor) {
    this.endpoint = endpoint;
    this.headers = Map.copyOf(usableHeaders(headers));
    this.gzip = gzip;
    this.connectTimeout = connectTimeout;
    this.sslContext = sslContext;
    this.executor = executor;
  }

  /** Headers the exporter sets itself, and those the JDK's HttpClient refuses to let a caller set. */
  private static final java.util.Set<String> OWN_HEADERS = java.util.Set.of(
      "content-type", "content-encoding", "connection", "content-length", "expect", "host", "upgrade");

  /**
   * The configured headers both HTTP transports send, in order: one the exporter sets itself, or that is
   * not valid HTTP (the JDK client would throw on every request; written by hand, a line break would
   * inject a header), is left out with a warning, once, when the transport is made.
   */
  static Map<String, String> usableHeaders(Map<String, String> headers) {
    Map<String, String> usable = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (OWN_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        io.spanwise.core.AgentLog.warn("the OTLP header \"" + name + "\" is set by the exporter itself and"
            + " cannot be changed; it is not sent");
      } else if (!isToken(name) || !isFieldValue(value)) {
        io.spanwise.core.AgentLog.warn("the OTLP header \"" + name + "\" is not a valid HTTP header (a name of"
            + " letters, digits and !#$%&'*+-.^_`|~, a value without line breaks or control characters);"
            + " it is not sent");
      } else {
        usable.put(name, value);
      }
    });
    return usable;
  }

  private static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFieldValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  private HttpClient client() {
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .executor(executor.get())
          .version(HttpClient.Version.HTTP_1_1);
      if (sslContext != null) {
        builder.sslContext(sslContext);
      }
      client = builder.build();
    }
    return client;
  }

  @Override
  public ExportOutcome send(byte[] request, Duration timeout) {
    return send(request, request.length, timeout);
  }

  /** The body is sent from {@code buffer} itself (no copy), or gzipped from it. */
  @Override
  public ExportOutcome send(byte[] buffer, int length, Duration timeout) {
    HttpRequest.Builder post = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/x-protobuf");
    headers.forEach(post::header);
    HttpRequest.BodyPublisher body;
    if (gzip) {
      post.header("Content-Encoding", "gzip");
      byte[] zipped = gzip(buffer, length);
      body = ByteArrayBody.of(zipped, zipped.length);
    } else {
      body = ByteArrayBody.of(buffer, length);
    }
    HttpResponse<Void> response;
    try {
      // the answer's body is read and dropped as it arrives (the connection is reused only once it is
      // read): the status is what matters, and reading it into an array cost a buffer per export
      response = client().send(post.POST(body).build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      return ExportOutcome.retryable("no answer within " + timeout.toMillis() + " ms", null);
    } catch (ConnectException e) {
      return ExportOutcome.retryable("cannot connect (" + describe(e) + ")", null);
    } catch (IOException e) {
      return ExportOutcome.retryable(describe(e), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExportOutcome.retryable("interrupted", null);
    }
    return outcome(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null));
  }

  /**
   * What an HTTP answer means for OTLP: 2xx delivered; 429, 502, 503 and 504 retryable, after
   * {@code retryAfter} when the collector sent one; any other status refused for good.
   */
  static ExportOutcome outcome(int status, String retryAfter) {
    if (status >= 200 && status < 300) {
      return ExportOutcome.DELIVERED;
    }
    String reason = "HTTP " + status;
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      return ExportOutcome.retryable(reason, RetryAfter.parse(retryAfter, Instant.now()));
    }
    return ExportOutcome.refused(reason);
  }

  @Override
  public String endpoint() {
    return endpoint.toString();
  }

  @Override
  public void close() {
    // HttpClient has no close before JDK 21; its threads are the agent's daemon threads
  }

  /** Settings for tests and debugging; header values are never shown (they often hold credentials). */
  @Override
  public String toString() {
    return "OtlpHttpTransport{endpoint=" + endpoint + ", compression=" + (gzip ? "gzip" : "none")
        + ", headers=" + new java.util.TreeSet<>(headers.keySet()) + ", tls=" + (sslContext != null ? "custom" : "default")
        + "}";
  }

  static byte[] gzip(byte[] bytes, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes, 0, length);
    } catch (IOException e) {
      throw new IllegalStateException(e); // cannot happen in memory
    }
    return out.toByteArray();
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
  }
}
