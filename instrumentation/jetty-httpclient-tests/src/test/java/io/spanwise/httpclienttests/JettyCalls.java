package io.spanwise.httpclienttests;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;

/** Jetty client calls as an application makes them: the blocking {@code send()}, or a listener. */
final class JettyCalls {
  static final HttpClient CLIENT = started(new HttpClient());

  private JettyCalls() {}

  static HttpClient started(HttpClient client) {
    try {
      client.start();
      return client;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Request request(HttpClient client, String method, URI uri, Map<String, String> headers, String body) {
    Request request = client.newRequest(uri).method(method);
    request.headers(fields -> headers.forEach(fields::put));
    if (body != null) {
      request.body(new StringRequestContent(body));
    }
    return request;
  }

  /** The blocking send: the status, or the cause Jetty wrapped in its ExecutionException. */
  static int send(Request request) throws Exception {
    try {
      ContentResponse response = request.send();
      return response.getStatus();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /** {@code send(listener)}, as Spring's Jetty request does: the status, or the failure the listener got. */
  static int sendWithListener(Request request) throws Exception {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    request.send(new BufferingResponseListener() {
      @Override
      public void onComplete(org.eclipse.jetty.client.Result result) {
        if (result.isFailed()) {
          status.completeExceptionally(result.getFailure());
        } else {
          status.complete(result.getResponse().getStatus());
        }
      }
    });
    try {
      return status.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static Request withTimeout(Request request, Duration timeout) {
    return request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static String text(ContentResponse response) {
    return new String(response.getContent(), StandardCharsets.UTF_8);
  }
}
