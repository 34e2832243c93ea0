package io.spanwise.smoke.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP receiver (the JDK's HTTP server) on a random port: {@code POST /v1/traces} with
 * protobuf bodies, gzip-compressed or not, decoded with the OTLP proto classes. {@code /v1/metrics} and
 * {@code /v1/logs} are accepted and ignored. It can be told to answer with an error status or to be slow,
 * to play a failing collector.
 */
public final class OtlpReceiver extends TraceReceiver {
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private volatile int failWithStatus;
  private volatile Duration delay = Duration.ZERO;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "otlp-http-receiver");
        t.setDaemon(true);
        return t;
      });
      OtlpReceiver receiver = new OtlpReceiver(server, executor);
      server.createContext("/", receiver::handle);
      server.setExecutor(executor);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** From now on answer every export with this status (e.g. 503); 0 goes back to accepting. */
  public OtlpReceiver failWith(int status) {
    this.failWithStatus = status;
    return this;
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
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String contentType = header(exchange, "Content-Type");
      String encoding = header(exchange, "Content-Encoding");
      requestLines.add(exchange.getRequestMethod() + " " + path + " " + contentType + " " + encoding);
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
      respond(exchange, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray(),
          "application/x-protobuf");
    } catch (IOException | RuntimeException e) {
      problem("receiver failed on a request: " + e);
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
    server.stop(0);
    executor.shutdownNow();
  }
}
