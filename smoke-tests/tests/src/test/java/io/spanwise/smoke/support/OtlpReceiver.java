package io.spanwise.smoke.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A loopback OTLP/HTTP receiver (the JDK's HTTP server) on a random port: {@code POST /v1/traces} with
 * protobuf bodies, gzip-compressed or not, decoded with the OTLP proto classes. {@code /v1/metrics} and
 * {@code /v1/logs} are accepted and ignored. It plays a failing collector, switchable while the agent
 * exports to it: an error status (with or without {@code Retry-After}), slow answers, or down (the port
 * closed, later opened again on the same port). Over https it can require a client certificate.
 */
public final class OtlpReceiver extends TraceReceiver {
  private final ExecutorService executor;
  private final SSLContext tls;
  private final boolean needClientAuth;
  private final int port;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, String> lastHeaders = new java.util.concurrent.ConcurrentHashMap<>();
  private HttpServer server; // null while down; guarded by this
  private volatile int failWithStatus;
  private volatile String retryAfter;
  private volatile Duration delay = Duration.ZERO;

  private OtlpReceiver(ExecutorService executor, SSLContext tls, boolean needClientAuth, int port)
      throws IOException {
    this.executor = executor;
    this.tls = tls;
    this.needClientAuth = needClientAuth;
    this.server = open(port);
    this.port = server.getAddress().getPort();
  }

  public static OtlpReceiver start() {
    return start(null, false);
  }

  /**
   * Over https with this server context (its key and trust); with {@code needClientAuth} a client that
   * presents no certificate the context trusts is refused in the handshake.
   */
  public static OtlpReceiver startTls(SSLContext tls, boolean needClientAuth) {
    return start(tls, needClientAuth);
  }

  private static OtlpReceiver start(SSLContext tls, boolean needClientAuth) {
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "otlp-http-receiver");
      t.setDaemon(true);
      return t;
    });
    try {
      return new OtlpReceiver(executor, tls, needClientAuth, 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(e);
    }
  }

  private HttpServer open(int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server;
    if (tls == null) {
      server = HttpServer.create(address, 64);
    } else {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = tls.getDefaultSSLParameters();
          parameters.setNeedClientAuth(needClientAuth);
          params.setSSLParameters(parameters);
        }
      });
      server = https;
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  @Override
  public String endpoint() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
  }

  /** From now on answer every export with this status (e.g. 503); 0 goes back to accepting. */
  public OtlpReceiver failWith(int status) {
    return failWith(status, null);
  }

  /** The same, with this {@code Retry-After} value (null: none). */
  public OtlpReceiver failWith(int status, String retryAfter) {
    this.retryAfter = retryAfter;
    this.failWithStatus = status;
    return this;
  }

  /** Closes the port: connections are refused until {@link #up()}. */
  public synchronized OtlpReceiver down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    return this;
  }

  /** Listens again on the same port (after {@link #down()}), accepting every export at once. */
  public synchronized OtlpReceiver up() {
    failWith(0);
    delay(Duration.ZERO);
    if (server == null) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        try {
          server = open(port);
          break;
        } catch (BindException e) {
          if (System.nanoTime() > deadline) {
            throw new UncheckedIOException("cannot listen on port " + port + " again", e);
          }
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return this;
  }

  /** The value of this header (any case) in the last request that carried it, or null. */
  public String lastHeader(String name) {
    return lastHeaders.get(name.toLowerCase(Locale.ROOT));
  }

  /** From now on wait this long before answering each request. */
  public OtlpReceiver delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** "METHOD path content-type content-encoding" of every request, in arrival order. */
  public List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    int[] answered = {0};
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String contentType = header(exchange, "Content-Type");
      String encoding = header(exchange, "Content-Encoding");
      requestLines.add(exchange.getRequestMethod() + " " + path + " " + contentType + " " + encoding);
      exchange.getRequestHeaders().forEach((name, values) ->
          lastHeaders.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      boolean traces = path.equals("/v1/traces");
      if (traces) {
        countExportRequest();
      }

      Duration wait = delay;
      if (!wait.isZero()) {
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (!exchange.getRequestMethod().equals("POST")
          || !(traces || path.equals("/v1/metrics") || path.equals("/v1/logs"))) {
        problem("unexpected request " + exchange.getRequestMethod() + " " + path);
        respond(exchange, 404, new byte[0], "text/plain");
        return;
      }
      int status = failWithStatus;
      if (status != 0) {
        String after = retryAfter;
        if (after != null) {
          exchange.getResponseHeaders().set("Retry-After", after);
        }
        answered[0] = status;
        respond(exchange, status, new byte[0], "text/plain");
        return;
      }
      if (!traces) {
        respond(exchange, 200, new byte[0], "application/x-protobuf");
        return;
      }
      if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-protobuf")) {
        problem("POST /v1/traces with Content-Type " + contentType + " (only protobuf is decoded here)");
        respond(exchange, 415, new byte[0], "text/plain");
        return;
      }
      InputStream in = new ByteArrayInputStream(body);
      if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
        in = new GZIPInputStream(in);
      } else if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
        problem("POST /v1/traces with unsupported Content-Encoding " + encoding);
        respond(exchange, 415, new byte[0], "text/plain");
        return;
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(in);
      } catch (InvalidProtocolBufferException e) {
        problem("undecodable /v1/traces body (" + body.length + " bytes): " + e);
        respond(exchange, 400, new byte[0], "text/plain");
        return;
      }
      accept(request);
      answered[0] = 200;
      respond(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray(),
          "application/x-protobuf");
    } catch (IOException | RuntimeException e) {
      problem("receiver failed on a request: " + e);
    } finally {
      if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
        recordArrival(arrived, answered[0]);
      }
    }
  }

  private static String header(HttpExchange exchange, String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body, String contentType)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    down();
    executor.shutdownNow();
  }
}
