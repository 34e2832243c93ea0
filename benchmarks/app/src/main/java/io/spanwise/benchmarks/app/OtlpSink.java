package io.spanwise.benchmarks.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The loopback OTLP receiver of the overhead benchmark: accepts OTLP http/protobuf exports on any path
 * ({@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}), answers 200 with an empty (valid)
 * response and throws the data away, counting requests, bytes and, for traces, spans (a walk over the
 * protobuf fields, nothing decoded). {@code GET /stats} prints the counts:
 * {@code exports=<n> bytes=<n> spans=<n>}.
 *
 * <pre>java -cp benchmark-app.jar io.spanwise.benchmarks.app.OtlpSink [port]   (0 or none: a free one)</pre>
 * Prints {@code OTLP sink listening on http://127.0.0.1:<port>}.
 */
public final class OtlpSink {
  private final AtomicLong exports = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong spans = new AtomicLong();

  private OtlpSink() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    OtlpSink sink = new OtlpSink();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "otlp-sink");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", sink::handle);
    server.start();
    System.out.println("OTLP sink listening on http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if ("GET".equals(exchange.getRequestMethod()) && "/stats".equals(path)) {
        byte[] body = ("exports=" + exports.get() + " bytes=" + bytes.get() + " spans=" + spans.get() + "\n")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      exports.incrementAndGet();
      bytes.addAndGet(body.length);
      if (path.endsWith("/v1/traces")) {
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          body = gunzip(body);
        }
        try {
          spans.addAndGet(countSpans(body));
        } catch (RuntimeException e) {
          // not protobuf (e.g. OTLP/JSON): counted as an export without spans
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /**
   * Spans in an ExportTraceServiceRequest: resource_spans (1) > scope_spans (2) > spans (2), each a
   * length-delimited field; everything else is skipped.
   */
  static long countSpans(byte[] b) {
    long count = 0;
    Reader request = new Reader(b, 0, b.length);
    while (request.next()) {
      if (request.field == 1 && request.wireType == 2) {
        Reader resourceSpans = request.child();
        while (resourceSpans.next()) {
          if (resourceSpans.field == 2 && resourceSpans.wireType == 2) {
            Reader scopeSpans = resourceSpans.child();
            while (scopeSpans.next()) {
              if (scopeSpans.field == 2 && scopeSpans.wireType == 2) {
                count++;
              }
            }
          }
        }
      }
    }
    return count;
  }

  /** Walks the fields of one protobuf message in {@code b[from, to)}. */
  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;
    int field;
    int wireType;
    int valueStart;
    int valueEnd;

    Reader(byte[] b, int from, int to) {
      this.b = b;
      this.pos = from;
      this.end = to;
    }

    boolean next() {
      if (pos >= end) {
        return false;
      }
      long tag = varint();
      field = (int) (tag >>> 3);
      wireType = (int) (tag & 7);
      switch (wireType) {
        case 0:
          varint();
          break;
        case 1:
          pos += 8;
          break;
        case 2:
          int length = (int) varint();
          valueStart = pos;
          valueEnd = pos + length;
          pos = valueEnd;
          break;
        case 5:
          pos += 4;
          break;
        default:
          throw new IllegalArgumentException("wire type " + wireType);
      }
      if (pos > end) {
        throw new IllegalArgumentException("truncated");
      }
      return true;
    }

    Reader child() {
      return new Reader(b, valueStart, valueEnd);
    }

    private long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = b[pos++];
        value |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }
  }
}
