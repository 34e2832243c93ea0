package io.spanwise.core.export.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP collector for the exporter's tests, switchable between accepting, answering an
 * error status (with a {@code Retry-After} if asked), and slow. Spans are told apart by their names,
 * {@code s-00042}, found in the protobuf bodies.
 */
final class TestCollector implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("s-\\d{5}");

  private final HttpServer server;
  private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String retryAfter;
  private volatile Duration delay = Duration.ZERO;

  TestCollector() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/traces", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  TestCollector answer(int status, String retryAfter) {
    this.retryAfter = retryAfter;
    this.status = status;
    return this;
  }

  TestCollector delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Span names of every accepted request, in arrival order. */
  List<String> received() {
    return new ArrayList<>(received);
  }

  /** System.nanoTime() of each request, accepted or not. */
  List<Long> attempts() {
    return new ArrayList<>(attemptNanos);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      attemptNanos.add(System.nanoTime());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
      }
      if (!delay.isZero()) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int answer = status;
      if (answer == 200) {
        Matcher names = NAME.matcher(new String(body, StandardCharsets.ISO_8859_1));
        while (names.find()) {
          received.add(names.group());
        }
      } else if (retryAfter != null) {
        exchange.getResponseHeaders().add("Retry-After", retryAfter);
      }
      exchange.sendResponseHeaders(answer, -1);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
