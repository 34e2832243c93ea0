package io.spanwise.httpclienttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** OkHttp's {@code enqueue}: the HTTP client contract, the callback's context, queued calls. */
class OkHttpEnqueueTest extends HttpClientContract {
  private static final OkHttpClient CLIENT = new OkHttpClient();

  @Override
  int call(String method, URI uri, Map<String, String> headers, String body) throws Exception {
    return OkHttpCalls.enqueue(CLIENT, OkHttpCalls.request(method, uri, headers, body));
  }

  @Override
  int callWithTimeout(URI uri, Duration timeout) throws Exception {
    OkHttpClient client = CLIENT.newBuilder().readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
    return OkHttpCalls.enqueue(client, OkHttpCalls.request("GET", uri, Map.of(), null));
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
  void theCallbackRunsInTheCallersContext() throws Exception {
    CompletableFuture<String> spanInCallback = new CompletableFuture<>();
    Requests.inRequest(() -> {
      CLIENT.newCall(OkHttpCalls.request("GET", url("/ok"), Map.of(), null)).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          spanInCallback.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call call, Response response) {
          response.body().close();
          spanInCallback.complete(Tracing.currentSpanId());
        }
      });
      return null;
    });

    assertThat(spanInCallback.get(10, TimeUnit.SECONDS)).isEqualTo(Requests.serverSpan().getSpanId());
    assertThat(onlyClientSpan().getParentSpanId()).isEqualTo(Requests.serverSpan().getSpanId());
  }

  /** Over the per-host limit, calls wait and are started later from the thread of a call that ended. */
  @Test
  void queuedCallsKeepTheirOwnCallersAsParents() throws Exception {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(1);
    OkHttpClient client = CLIENT.newBuilder().dispatcher(dispatcher).build();
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    List<String> callers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Requests.inRequest(() -> {
        callers.add(Tracing.currentSpanId());
        calls.add(OkHttpCalls.enqueued(client.newCall(OkHttpCalls.request("GET", url("/ok"), Map.of(), null))));
        return null;
      });
    }
    for (CompletableFuture<Integer> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    List<SpanData> clients = InProcessAgent.awaitExactly(6, Duration.ofSeconds(10)).stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(clients).extracting(SpanData::getParentSpanId).containsExactlyInAnyOrderElementsOf(callers);
  }
}
