package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpUrlConnectionTest extends HttpClientContract {
  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setRequestMethod(method);
    headers.forEach(connection::setRequestProperty);
    if (body != null) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    return connection.getResponseCode();
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setReadTimeout((int) timeout.toMillis());
    return connection.getResponseCode();
  }

  @Override
  Class<? extends Throwable> refusedException() {
    return ConnectException.class;
  }

  @Override
  Class<? extends Throwable> unknownHostException() {
    return UnknownHostException.class;
  }

  @Override
  Class<? extends Throwable> timeoutException() {
    return SocketTimeoutException.class;
  }

  @Test
  void connectThenOutputThenInputIsOneSpan() throws Exception {
    HttpURLConnection connection = (HttpURLConnection) url("/created").toURL().openConnection();
    connection.setRequestMethod("PUT");
    connection.setDoOutput(true);
    connection.connect();
    try (OutputStream out = connection.getOutputStream()) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    try (InputStream in = connection.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("made");
    }
    assertThat(connection.getResponseCode()).isEqualTo(201);

    SpanData client = onlyClientSpan();
    assertThat(client.getName()).isEqualTo("PUT");
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(201L);
    assertThat(received("traceparent")).containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }

  @Test
  void getInputStreamOfA404ThrowsAsWithoutAgentAndTheSpanHasTheStatus() throws Exception {
    HttpURLConnection connection = (HttpURLConnection) url("/missing").toURL().openConnection();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(connection::getInputStream);

    assertThat(thrown).isInstanceOf(java.io.FileNotFoundException.class);
    assertThat(connection.getResponseCode()).isEqualTo(404);
    SpanData client = onlyClientSpan();
    assertThat(client.getAttributes().get(STATUS)).isEqualTo(404L);
    assertThat(client.getAttributes().get(ERROR_TYPE)).isEqualTo("404");
  }

  @Test
  void credentialsInTheUrlAreRedacted() throws Exception {
    URI uri = URI.create("http://alice:pa55@localhost:" + wireMock.port() + "/ok?password=x");
    assertThat(call("GET", uri, Map.of(), null)).isEqualTo(200);

    assertThat(onlyClientSpan().getAttributes().get(URL_FULL))
        .isEqualTo("http://REDACTED:REDACTED@localhost:" + wireMock.port() + "/ok?password=REDACTED");
  }
}
