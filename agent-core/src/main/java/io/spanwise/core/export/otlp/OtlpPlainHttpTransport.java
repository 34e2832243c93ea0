package io.spanwise.core.export.otlp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OTLP http/protobuf to a plain {@code http://} endpoint: one HTTP/1.1 connection, kept open from export
 * to export, written and read on the calling thread (the agent's exporter thread). The JDK's
 * {@code HttpClient} hands every request to its selector thread and its executor and back, and builds a
 * request, its futures and its header maps each time: measured thread by thread on the benchmark service,
 * that machinery cost about 4 to 5 µs of CPU per traced request, more than encoding the six spans.
 * {@code https://} endpoints keep the JDK client ({@link OtlpHttpTransport}), which brings TLS.
 *
 * <p>Outcomes are the JDK transport's: 2xx delivered; 429, 502, 503 and 504 retryable with
 * {@code Retry-After}; no connection or no answer within the timeout retryable; any other answer refused.
 * An answer's body is read by its {@code Content-Length}, chunked, or up to the end of the connection
 * (which is then not reused), and dropped. A kept connection the collector closed while idle fails on
 * the next write or before the first byte of the answer: the request is then sent once more on a new
 * connection. Reads time out with the socket's own timeout; a write that outlives the export's timeout
 * (a collector that stopped reading) is ended by closing the connection ({@link ConnectionWatchdog}).
 */
public final class OtlpPlainHttpTransport implements OtlpTransport {
  private static final int MAX_LINE = 8192;

  private final URI endpoint;
  private final String host;
  private final int port;
  private final boolean gzip;
  private final java.util.Set<String> headerNames = new java.util.TreeSet<>();
  private final int connectTimeoutMillis;
  /** The request line and the headers but {@code Content-Length}, the same for every request. */
  private final byte[] head;
  private final ConnectionWatchdog watchdog = new ConnectionWatchdog();
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public OtlpPlainHttpTransport(URI endpoint, Map<String, String> headers, boolean gzip, Duration connectTimeout) {
    if (!"http".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("not an http:// endpoint with a host: " + endpoint);
    }
    this.endpoint = endpoint;
    String literal = endpoint.getHost();
    this.host = literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal; // IPv6
    this.port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    this.gzip = gzip;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    StringBuilder request = new StringBuilder(256)
        .append("POST ").append(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath())
        .append(endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(literal).append(endpoint.getPort() < 0 ? "" : ":" + port).append("\r\n")
        .append("Content-Type: application/x-protobuf\r\n");
    if (gzip) {
      request.append("Content-Encoding: gzip\r\n");
    }
    OtlpHttpTransport.usableHeaders(headers).forEach((name, value) -> {
      request.append(name).append(": ").append(value).append("\r\n");
      headerNames.add(name);
    });
    this.head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public ExportOutcome send(byte[] request, Duration timeout) {
    return send(request, request.length, timeout);
  }

  @Override
  public synchronized ExportOutcome send(byte[] buffer, int length, Duration timeout) {
    byte[] body = buffer;
    int bodyLength = length;
    if (gzip) {
      body = OtlpHttpTransport.gzip(buffer, length);
      bodyLength = body.length;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean kept = socket != null;
    try {
      try {
        return exchange(body, bodyLength, deadline);
      } catch (StaleConnection e) {
        if (!kept || watchdog.expired()) {
          throw e.getCause();
        }
        disconnect();
        return exchange(body, bodyLength, deadline);
      }
    } catch (StaleConnection e) {
      disconnect();
      return failed(e.getCause(), timeout);
    } catch (IOException e) {
      disconnect();
      return failed(e, timeout);
    } catch (RuntimeException e) {
      disconnect(); // the connection is in no known state
      throw e;
    } finally {
      watchdog.release();
    }
  }

  private ExportOutcome failed(IOException e, Duration timeout) {
    if (e instanceof SocketTimeoutException || watchdog.expired()) {
      return ExportOutcome.retryable("no answer within " + timeout.toMillis() + " ms", null);
    }
    if (e instanceof ConnectException) {
      return ExportOutcome.retryable("cannot connect (" + OtlpHttpTransport.describe(e) + ")", null);
    }
    return ExportOutcome.retryable(OtlpHttpTransport.describe(e), null);
  }

  /** One request and its answer; a failure before any byte of the answer is a {@link StaleConnection}. */
  private ExportOutcome exchange(byte[] body, int bodyLength, long deadline) throws IOException, StaleConnection {
    if (socket == null) {
      connect(deadline);
    }
    watchdog.watch(socket, deadline); // a write has no timeout of its own
    String statusLine;
    try {
      out.write(head);
      out.write(("Content-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, bodyLength);
      out.flush();
      setReadTimeout(deadline);
      statusLine = readLine();
    } catch (SocketTimeoutException e) {
      throw e; // the collector did not answer in time: not a closed connection
    } catch (IOException e) {
      throw new StaleConnection(e);
    }
    Answer answer = readAnswer(statusLine, deadline);
    while (answer.status >= 100 && answer.status < 200) { // 100 Continue and the like: the answer follows
      answer = readAnswer(readLine(), deadline);
    }
    if (answer.close) {
      disconnect();
    }
    return OtlpHttpTransport.outcome(answer.status, answer.retryAfter);
  }

  private void connect(long deadline) throws IOException {
    Socket opened = new Socket();
    try {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      opened.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(left, connectTimeoutMillis)));
      opened.setTcpNoDelay(true);
      opened.setKeepAlive(true);
    } catch (SocketTimeoutException e) {
      closeQuietly(opened);
      throw new ConnectException("connect timed out after " + connectTimeoutMillis + " ms");
    } catch (IOException e) {
      closeQuietly(opened);
      throw e;
    }
    socket = opened;
    in = new BufferedInputStream(opened.getInputStream(), 8192);
    // the head and its Content-Length line are buffered and leave with the body: with TCP_NODELAY, each
    // unbuffered write would be a segment of its own
    out = new BufferedOutputStream(opened.getOutputStream(), 8192);
  }

  private void setReadTimeout(long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
  }

  /** Status line, headers, and the body read and dropped. */
  private Answer readAnswer(String statusLine, long deadline) throws IOException {
    int status = parseStatus(statusLine);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = statusLine.startsWith("HTTP/1.0");
    String retryAfter = null;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line in the collector's answer: " + line);
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length": contentLength = contentLength(value); break;
        case "transfer-encoding": chunked = value.toLowerCase(Locale.ROOT).contains("chunked"); break;
        case "connection": close = hasToken(value, "close") || (close && !hasToken(value, "keep-alive")); break;
        case "retry-after": retryAfter = value; break;
        default: break;
      }
    }
    if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
      return new Answer(status, retryAfter, close);
    }
    setReadTimeout(deadline);
    if (chunked) {
      for (long size = chunkSize(readLine()); size > 0; size = chunkSize(readLine())) {
        skip(size);
        readLine();
      }
      while (!readLine().isEmpty()) { // trailers
      }
    } else if (contentLength >= 0) {
      skip(contentLength);
    } else {
      while (in.read() >= 0) { // the body runs to the end of the connection
      }
      close = true;
    }
    return new Answer(status, retryAfter, close);
  }

  private static long contentLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value);
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("malformed Content-Length in the collector's answer: " + value);
  }

  /** Whether a comma-separated header value holds {@code token}, in any case. */
  private static boolean hasToken(String value, String token) {
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  private static int parseStatus(String statusLine) throws IOException {
    // "HTTP/1.1 200 OK"
    if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new IOException("not an HTTP answer from the collector: " + statusLine);
    }
    try {
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status from the collector: " + statusLine);
    }
  }

  private static long chunkSize(String line) throws IOException {
    int end = line.indexOf(';');
    try {
      return Long.parseLong((end < 0 ? line : line.substring(0, end)).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk in the collector's answer: " + line);
    }
  }

  private void skip(long count) throws IOException {
    for (long left = count; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("the collector's answer ended early");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** A line of the answer's head, without its CRLF (ISO-8859-1, as HTTP's head is). */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the collector closed the connection");
      }
      if (c != '\r') {
        if (line.length() == MAX_LINE) {
          throw new IOException("a line of the collector's answer is longer than " + MAX_LINE + " bytes");
        }
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private void disconnect() {
    if (socket != null) {
      closeQuietly(socket);
      socket = null;
      in = null;
      out = null;
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that is left to do
    }
  }

  @Override
  public String endpoint() {
    return endpoint.toString();
  }

  @Override
  public synchronized void close() {
    disconnect();
    watchdog.stop();
  }

  /** Settings for tests and debugging; header values are never shown (they often hold credentials). */
  @Override
  public String toString() {
    return "OtlpPlainHttpTransport{endpoint=" + endpoint + ", compression=" + (gzip ? "gzip" : "none")
        + ", headers=" + headerNames + "}";
  }

  private static final class Answer {
    final int status;
    final String retryAfter;
    final boolean close;

    Answer(int status, String retryAfter, boolean close) {
      this.status = status;
      this.retryAfter = retryAfter;
      this.close = close;
    }
  }

  /** The kept connection failed before the collector answered: it was probably closed while idle. */
  private static final class StaleConnection extends Exception {
    StaleConnection(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
