package io.spanwise.core.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * OTLP over HTTP with protobuf bodies ({@code POST /v1/traces}), sent with the JDK's {@code HttpClient}.
 * The OTLP specification's retryable answers are 429, 502, 503 and 504, with {@code Retry-After} honoured
 * when present; a connection that cannot be made or an answer that does not come in time are retryable
 * too. Any other non-2xx answer refuses the request for good.
 */
final class OtlpHttpTransport implements OtlpTransport {
  private final URI endpoint;
  private final Map<String, String> headers;
  private final boolean gzip;
  private final HttpClient client;

  /**
   * @param sslContext for https: the trusted certificates and the client certificate, or null for the
   *     JVM's defaults
   * @param executor the client's own threads (the agent's exporter threads, never traced)
   */
  OtlpHttpTransport(URI endpoint, Map<String, String> headers, boolean gzip, Duration connectTimeout,
      SSLContext sslContext, Executor executor) {
    this.endpoint = endpoint;
    this.headers = Map.copyOf(headers);
    this.gzip = gzip;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .executor(executor)
        .version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  @Override
  public ExportOutcome send(byte[] request, Duration timeout) {
    HttpRequest.Builder post = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/x-protobuf");
    headers.forEach(post::header);
    byte[] body = request;
    if (gzip) {
      post.header("Content-Encoding", "gzip");
      body = gzip(request);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(post.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
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
    try (InputStream in = response.body()) {
      in.readAllBytes(); // the connection is reused only once the body is read
    } catch (IOException ignored) {
      // the status is what matters
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return ExportOutcome.DELIVERED;
    }
    String reason = "HTTP " + status;
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      return ExportOutcome.retryable(reason,
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
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

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
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
