package io.spanwise.core.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpPlainHttpTransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static byte[] spans(String... names) {
    return String.join(" ", names).getBytes(StandardCharsets.ISO_8859_1);
  }

  private OtlpPlainHttpTransport transport(URI endpoint, Map<String, String> headers, boolean gzip) {
    OtlpPlainHttpTransport transport = new OtlpPlainHttpTransport(endpoint, headers, gzip, Duration.ofSeconds(1));
    closing.add(transport::close);
    return transport;
  }

  private TestCollector collector() {
    TestCollector collector = new TestCollector();
    closing.add(collector);
    return collector;
  }

  @Test
  void aRequestReachesTheCollectorOnce() {
    TestCollector collector = collector();
    OtlpPlainHttpTransport transport = transport(collector.endpoint(), Map.of(), false);
    assertThat(transport.send(spans("s-00001", "s-00002"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(transport.send(spans("s-00003"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(collector.received()).containsExactly("s-00001", "s-00002", "s-00003");
    assertThat(collector.attempts()).hasSize(2);
  }

  @Test
  void onlyTheBufferedLengthIsSentAndGzipIsDecodable() {
    TestCollector collector = collector();
    OtlpPlainHttpTransport transport = transport(collector.endpoint(), Map.of(), true);
    byte[] buffer = spans("s-00001", "s-00002");
    int length = "s-00001".length();
    assertThat(transport.send(buffer, length, TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(collector.received()).containsExactly("s-00001");
  }

  @Test
  void retryableAnswersCarryRetryAfterAndOthersAreRefused() {
    TestCollector collector = collector();
    OtlpPlainHttpTransport transport = transport(collector.endpoint(), Map.of(), false);
    collector.answer(503, "2");
    ExportOutcome unavailable = transport.send(spans("s-00001"), TIMEOUT);
    assertThat(unavailable.kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
    assertThat(unavailable.reason).isEqualTo("HTTP 503");
    assertThat(unavailable.retryAfter).isEqualTo(Duration.ofSeconds(2));
    collector.answer(429, null);
    assertThat(transport.send(spans("s-00002"), TIMEOUT).kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
    collector.answer(400, null);
    ExportOutcome refused = transport.send(spans("s-00003"), TIMEOUT);
    assertThat(refused.kind).isEqualTo(ExportOutcome.Kind.REFUSED);
    assertThat(refused.reason).isEqualTo("HTTP 400");
    collector.answer(200, null);
    assertThat(transport.send(spans("s-00004"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(collector.received()).containsExactly("s-00004");
  }

  @Test
  void aSlowCollectorIsRetryableAfterTheTimeout() {
    TestCollector collector = collector().delay(Duration.ofSeconds(2));
    OtlpPlainHttpTransport transport = transport(collector.endpoint(), Map.of(), false);
    ExportOutcome outcome = transport.send(spans("s-00001"), Duration.ofMillis(300));
    assertThat(outcome.kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
    assertThat(outcome.reason).isEqualTo("no answer within 300 ms");
  }

  @Test
  void aCollectorThatStopsReadingTimesOutTheWrite() throws Exception {
    try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread accepting = new Thread(() -> {
        try {
          accepted.add(deaf.accept()); // and never reads
        } catch (IOException closed) {
          // the test is over
        }
      });
      accepting.setDaemon(true);
      accepting.start();
      OtlpPlainHttpTransport transport = transport(
          URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/v1/traces"), Map.of(), false);
      byte[] large = new byte[64 << 20]; // more than the loopback's socket buffers hold
      long start = System.nanoTime();
      ExportOutcome outcome = transport.send(large, Duration.ofMillis(500));
      assertThat(outcome.kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
      assertThat(outcome.reason).isEqualTo("no answer within 500 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the write ended by the deadline")
          .isLessThan(Duration.ofSeconds(5));
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void aCollectorThatIsDownIsRetryable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    OtlpPlainHttpTransport transport = transport(URI.create("http://127.0.0.1:" + port + "/v1/traces"), Map.of(), false);
    ExportOutcome outcome = transport.send(spans("s-00001"), TIMEOUT);
    assertThat(outcome.kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
    assertThat(outcome.reason).startsWith("cannot connect");
  }

  @Test
  void oneConnectionIsKeptAndAnsweredChunkedOrByLength() throws Exception {
    RawCollector raw = raw(request -> List.of(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nwxyz"));
    OtlpPlainHttpTransport transport = transport(raw.endpoint(), Map.of("api-key", "secret"), false);
    for (int i = 0; i < 4; i++) {
      assertThat(transport.send(spans("s-0000" + i), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    }
    assertThat(raw.connections.get()).as("connections opened").isEqualTo(1);
    assertThat(raw.requests).hasSize(4);
    assertThat(raw.requests.get(0)).startsWith("POST /v1/traces HTTP/1.1\r\n")
        .contains("\r\nHost: 127.0.0.1:" + raw.port() + "\r\n")
        .contains("\r\nContent-Type: application/x-protobuf\r\n")
        .contains("\r\napi-key: secret\r\n")
        .contains("\r\nContent-Length: 7\r\n")
        .endsWith("\r\n\r\ns-00000");
  }

  @Test
  void aConnectionTheCollectorClosedIsReplacedAndTheRequestSentAgain() throws Exception {
    RawCollector raw = raw(request -> List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    OtlpPlainHttpTransport transport = transport(raw.endpoint(), Map.of(), false);
    assertThat(transport.send(spans("s-00001"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(transport.send(spans("s-00002"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(raw.connections.get()).isEqualTo(2);

    // closed without saying so, while idle: the next request fails on the old connection, then goes out anew
    RawCollector silent = raw(request -> List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    silent.closeAfterEachAnswer = true;
    OtlpPlainHttpTransport kept = transport(silent.endpoint(), Map.of(), false);
    assertThat(kept.send(spans("s-00003"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    Thread.sleep(100);
    assertThat(kept.send(spans("s-00004"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(silent.requests).hasSize(2);
    assertThat(silent.connections.get()).isEqualTo(2);
    assertThat(silent.requests.get(1)).endsWith("s-00004");
  }

  @Test
  void aMalformedAnswerIsRetryableAndTheNextRequestGoesOnANewConnection() throws Exception {
    RawCollector raw = raw(request -> request.endsWith("s-00001")
        ? List.of("HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n")
        : List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    OtlpPlainHttpTransport transport = transport(raw.endpoint(), Map.of(), false);
    ExportOutcome malformed = transport.send(spans("s-00001"), TIMEOUT);
    assertThat(malformed.kind).isEqualTo(ExportOutcome.Kind.RETRYABLE);
    assertThat(malformed.reason).contains("malformed Content-Length in the collector's answer: many");
    assertThat(transport.send(spans("s-00002"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
    assertThat(raw.connections.get()).isEqualTo(2);
  }

  @Test
  void headersThatAreNotValidOrAreTheExportersOwnAreNotSent() throws Exception {
    try (LogLines log = LogLines.start()) {
      RawCollector raw = raw(request -> List.of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
      OtlpPlainHttpTransport transport = transport(raw.endpoint(),
          Map.of("x-ok", "1", "x-bad", "a\r\nInjected: yes", "content-length", "5"), false);
      assertThat(transport.send(spans("s-00001"), TIMEOUT)).isSameAs(ExportOutcome.DELIVERED);
      assertThat(raw.requests.get(0)).contains("\r\nx-ok: 1\r\n").doesNotContain("Injected")
          .doesNotContain("Content-Length: 5");
      assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("\"x-bad\" is not a valid HTTP header"));
      assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("\"content-length\" is set by the exporter"));
      assertThat(transport.toString()).contains("headers=[x-ok]").doesNotContain("secret");
    }
  }

  private RawCollector raw(Function<String, List<String>> answers) throws IOException {
    RawCollector raw = new RawCollector(answers);
    closing.add(raw);
    return raw;
  }

  /**
   * An HTTP/1.1 server written on a socket, to control the connection: it answers the n-th request on a
   * connection with the n-th of the answers given (cycling), and counts connections.
   */
  private static final class RawCollector implements AutoCloseable {
    final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean closeAfterEachAnswer;
    private final Function<String, List<String>> answers;

    RawCollector(Function<String, List<String>> answers) throws IOException {
      this.answers = answers;
      server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      Thread accepting = new Thread(this::accept, "raw-collector");
      accepting.setDaemon(true);
      accepting.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port() + "/v1/traces");
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          connections.incrementAndGet();
          serve(socket);
        } catch (IOException closed) {
          // the test is over, or the client went away
        }
      }
    }

    private void serve(Socket socket) throws IOException {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      for (int n = 0; ; n++) {
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = readLine(in); ; line = readLine(in)) {
          if (line == null) {
            return;
          }
          head.append(line).append("\r\n");
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
          if (line.isEmpty()) {
            break;
          }
        }
        byte[] body = in.readNBytes(length);
        String request = head + new String(body, StandardCharsets.ISO_8859_1);
        requests.add(request);
        List<String> all = answers.apply(request);
        String answer = all.get(n % all.size());
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (closeAfterEachAnswer || answer.contains("Connection: close")) {
          return;
        }
      }
    }

    /** A line of the request's head without its CRLF; null at the end of the connection. */
    private static String readLine(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          return null;
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
