package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/** OkHttp's {@code execute}: the HTTP client contract, and what is particular to OkHttp. */
class OkHttpTest extends HttpClientContract {
  private static final OkHttpClient CLIENT = new OkHttpClient();

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    return OkHttpCalls.execute(CLIENT, OkHttpCalls.request(method, uri, headers, body));
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    OkHttpClient client = CLIENT.newBuilder().readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
    return OkHttpCalls.execute(client, OkHttpCalls.request("GET", uri, Map.of(), null));
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
  void theOkHttpVersionUnderTestIsTheOneExpected() throws Exception {
    call("GET", url("/ok"), Map.of(), null);

    onlyClientSpan();
    assertThat(received("User-Agent")).singleElement().asString()
        .startsWith("okhttp/" + System.getProperty("spanwise.expected.okhttp.version", "4."));
  }

  @Test
  void theApplicationsInterceptorsRunInTheirOrderAndTheApplicationsRequestIsUnchanged() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    OkHttpClient client = CLIENT.newBuilder()
        .addInterceptor(chain -> {
          seen.add("first " + chain.request().header("traceparent"));
          return chain.proceed(chain.request().newBuilder().header("X-First", "1").build());
        })
        .addInterceptor(chain -> {
          seen.add("second " + chain.request().header("X-First"));
          return chain.proceed(chain.request());
        })
        .build();
    Request request = OkHttpCalls.request("GET", url("/ok"), Map.of(), null);

    assertThat(OkHttpCalls.execute(client, request)).isEqualTo(200);

    SpanData span = onlyClientSpan();
    String traceparent = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
    assertThat(seen).containsExactly("first " + traceparent, "second 1");
    assertThat(client.interceptors()).hasSize(2);
    assertThat(request.header("traceparent")).isNull();
    assertThat(received("traceparent")).containsExactly(traceparent);
    assertThat(received("X-First")).containsExactly("1");
  }

  /** An interceptor that sends the call through HttpURLConnection, as some SDKs' transports do. */
  @Test
  void okHttpLayeredOnAnotherClientIsOneSpan() throws Exception {
    OkHttpClient layered = CLIENT.newBuilder().addInterceptor(chain -> {
      Request request = chain.request();
      HttpURLConnection connection = (HttpURLConnection) request.url().url().openConnection();
      for (String name : request.headers().names()) {
        connection.setRequestProperty(name, request.header(name));
      }
      int code = connection.getResponseCode();
      try (InputStream in = connection.getInputStream()) {
        byte[] body = in.readAllBytes();
        return new Response.Builder().request(request).protocol(okhttp3.Protocol.HTTP_1_1).code(code)
            .message("OK").body(ResponseBody.create(null, body)).build();
      }
    }).build();

    int status = Requests.inRequest(() -> OkHttpCalls.execute(layered, OkHttpCalls.request("GET", url("/ok"), Map.of(), null)));

    assertThat(status).isEqualTo(200);
    SpanData client = onlyClientSpan();
    assertThat(client.getParentSpanId()).isEqualTo(Requests.serverSpan().getSpanId());
    assertThat(received("traceparent")).containsExactly("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
  }
}
