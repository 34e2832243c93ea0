package io.spanwise.core.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OTLP over gRPC: one unary {@code TraceService/Export} call per request, over OkHttp's HTTP/2 (prior
 * knowledge for {@code http://}, ALPN for {@code https://}). Retryable, per the OTLP specification:
 * CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and RESOURCE_EXHAUSTED
 * when the server sends a RetryInfo (then its delay is honoured, as for UNAVAILABLE with one); connection
 * failures and timeouts too. Anything else refuses the request for good.
 */
public final class OtlpGrpcTransport implements OtlpTransport {
  static final String METHOD_PATH = "opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final MediaType GRPC = MediaType.get("application/grpc");
  private static final Set<Integer> RETRYABLE = Set.of(1, 4, 10, 11, 14, 15);
  private static final int RESOURCE_EXHAUSTED = 8;

  private final HttpUrl url;
  private final Headers headers;
  private final boolean gzip;
  private final Duration connectTimeout;
  private final SSLContext sslContext;
  private final X509TrustManager trustManager;
  private OkHttpClient client; // made on the first send (exporter thread only)

  /**
   * @param endpoint {@code http(s)://host:port}, path ignored
   * @param sslContext with {@code trustManager}, for https with custom trust or a client certificate;
   *     null for the JVM's defaults
   */
  public OtlpGrpcTransport(String endpoint, Map<String, String> headers, boolean gzip, Duration connectTimeout,
      SSLContext sslContext, X509TrustManager trustManager) {
    HttpUrl base = HttpUrl.get(endpoint);
    this.url = base.newBuilder().encodedPath("/" + METHOD_PATH).build();
    Headers.Builder h = new Headers.Builder();
    headers.forEach(h::add);
    h.add("te", "trailers");
    if (gzip) {
      h.add("grpc-encoding", "gzip");
    }
    this.headers = h.build();
    this.gzip = gzip;
    this.connectTimeout = connectTimeout;
    this.sslContext = sslContext;
    this.trustManager = trustManager;
  }

  private OkHttpClient client() {
    if (client == null) {
      OkHttpClient.Builder builder = new OkHttpClient.Builder()
          .connectTimeout(connectTimeout)
          .retryOnConnectionFailure(false)
          .protocols(url.isHttps() ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1) : List.of(Protocol.H2_PRIOR_KNOWLEDGE));
      if (sslContext != null) {
        builder.sslSocketFactory(sslContext.getSocketFactory(), trustManager);
      }
      client = builder.build();
    }
    return client;
  }

  @Override
  public ExportOutcome send(byte[] request, Duration timeout) {
    return send(request, request.length, timeout);
  }

  /** The frame is a new array (the message copied or gzipped into it): the buffer is free on return. */
  @Override
  public ExportOutcome send(byte[] buffer, int length, Duration timeout) {
    Call call = client().newCall(new Request.Builder().url(url).headers(headers)
        .post(RequestBody.create(frame(buffer, length), GRPC)).build());
    call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      if (response.code() != 200) {
        // HTTP statuses a gRPC client maps to UNAVAILABLE (gRPC's http-grpc-status-mapping)
        int code = response.code();
        return code == 429 || code == 502 || code == 503 || code == 504
            ? ExportOutcome.retryable("HTTP " + code, null)
            : ExportOutcome.refused("HTTP " + code);
      }
      response.body().bytes();
      Headers trailers = response.trailers();
      String status = first(trailers, response, "grpc-status");
      int code;
      try {
        code = status == null ? 2 : Integer.parseInt(status.trim());
      } catch (NumberFormatException e) {
        code = 2; // UNKNOWN
      }
      if (code == 0) {
        return ExportOutcome.DELIVERED;
      }
      String message = first(trailers, response, "grpc-message");
      String reason = "gRPC status " + code + (message == null ? "" : " (" + message + ")");
      java.time.Duration retryAfter = GrpcRetryInfo.fromTrailer(first(trailers, response, "grpc-status-details-bin"));
      if (RETRYABLE.contains(code) || (code == RESOURCE_EXHAUSTED && retryAfter != null)) {
        return ExportOutcome.retryable(reason, retryAfter);
      }
      return ExportOutcome.refused(reason);
    } catch (InterruptedIOException e) {
      return ExportOutcome.retryable("no answer within " + timeout.toMillis() + " ms", null);
    } catch (IOException | RuntimeException e) {
      return ExportOutcome.retryable(OtlpHttpTransport.describe(e), null);
    }
  }

  /** A trailers-only answer carries the status in the headers. */
  private static String first(Headers trailers, Response response, String name) {
    String value = trailers.get(name);
    return value != null ? value : response.header(name);
  }

  /** The gRPC message frame: compressed flag, 4-byte big-endian length, the message. */
  private byte[] frame(byte[] message, int length) {
    byte[] payload = gzip ? gzip(message, length) : message;
    int size = gzip ? payload.length : length;
    byte[] framed = new byte[5 + size];
    framed[0] = (byte) (gzip ? 1 : 0);
    framed[1] = (byte) (size >>> 24);
    framed[2] = (byte) (size >>> 16);
    framed[3] = (byte) (size >>> 8);
    framed[4] = (byte) size;
    System.arraycopy(payload, 0, framed, 5, size);
    return framed;
  }

  /** Settings for tests and debugging; header values are never shown (they often hold credentials). */
  @Override
  public String toString() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(headers.names());
    names.remove("te");
    names.remove("grpc-encoding");
    return "OtlpGrpcTransport{endpoint=" + url + ", compression=" + (gzip ? "gzip" : "none") + ", headers=" + names
        + ", tls=" + (sslContext != null ? "custom" : "default") + "}";
  }

  private static byte[] gzip(byte[] bytes, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes, 0, length);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  @Override
  public String endpoint() {
    return url.toString();
  }

  @Override
  public void close() {
    OkHttpClient c = client;
    if (c != null) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }
}
