package io.spanwise.httpclienttests;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterAll;

class ApacheHttpClient5Test extends HttpClientContract {
  private static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  @AfterAll
  static void close() throws Exception {
    CLIENT.close();
  }

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
    headers.forEach(request::addHeader);
    if (body != null) {
      request.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
    }
    try (CloseableHttpResponse response = CLIENT.execute(request)) {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    }
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    HttpUriRequestBase request = new HttpUriRequestBase("GET", uri);
    request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(timeout.toMillis())).build());
    try (CloseableHttpResponse response = CLIENT.execute(request)) {
      return response.getCode();
    }
  }

  /**
   * An application's decorator that is itself a {@code CloseableHttpClient} over another one: both are
   * instrumented, the call is one CLIENT span (the inner client sees the outer one's span current).
   */
  @org.junit.jupiter.api.Test
  void aClientLayeredOnAnotherIsOneSpan() throws Exception {
    try (CloseableHttpClient layered = new Layered(HttpClients.createDefault())) {
      try (CloseableHttpResponse response = layered.execute(new HttpUriRequestBase("GET", url("/ok")))) {
        org.assertj.core.api.Assertions.assertThat(response.getCode()).isEqualTo(200);
      }
    }
    org.assertj.core.api.Assertions.assertThat(io.spanwise.testing.Instrumented.isInstrumented(Layered.class)).isTrue();
    io.opentelemetry.sdk.trace.data.SpanData client = onlyClientSpan();
    org.assertj.core.api.Assertions.assertThat(received("traceparent"))
        .containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }

  /** Delegates every call to another client (as retrying or metrics decorators do). */
  static final class Layered extends CloseableHttpClient {
    private final CloseableHttpClient inner;

    Layered(CloseableHttpClient inner) {
      this.inner = inner;
    }

    @Override
    protected CloseableHttpResponse doExecute(org.apache.hc.core5.http.HttpHost target,
        org.apache.hc.core5.http.ClassicHttpRequest request, org.apache.hc.core5.http.protocol.HttpContext context)
        throws java.io.IOException {
      return inner.execute(target, request, context);
    }

    @Override
    public void close() throws java.io.IOException {
      inner.close();
    }

    @Override
    public void close(org.apache.hc.core5.io.CloseMode mode) {
      inner.close(mode);
    }
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
}
