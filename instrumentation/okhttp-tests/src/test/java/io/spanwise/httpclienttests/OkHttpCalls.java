package io.spanwise.httpclienttests;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp calls as an application makes them, with {@code execute} or with {@code enqueue}. */
final class OkHttpCalls {
  private OkHttpCalls() {}

  static Request request(String method, URI uri, Map<String, String> headers, String body) {
    Request.Builder builder = new Request.Builder().url(uri.toString())
        .method(method, body == null ? null : RequestBody.create(null, body));
    headers.forEach(builder::header);
    return builder.build();
  }

  static int execute(OkHttpClient client, Request request) throws IOException {
    Response response = client.newCall(request).execute();
    response.body().string(); // reads and closes (Response itself is not Closeable in OkHttp 3.0)
    return response.code();
  }

  /** The status, or the callback's failure thrown as it came; the body is read in the callback. */
  static int enqueue(OkHttpClient client, Request request) throws Exception {
    try {
      return enqueued(client.newCall(request)).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static CompletableFuture<Integer> enqueued(Call call) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call done, Response response) throws IOException {
        response.body().string();
        result.complete(response.code());
      }
    });
    return result;
  }
}
