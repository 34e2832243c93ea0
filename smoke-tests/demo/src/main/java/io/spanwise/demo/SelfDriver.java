package io.spanwise.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Sends a handful of requests to the demo itself so that a run shows every kind of trace. */
final class SelfDriver {
  /** A caller's W3C trace context: the server span continues this trace. */
  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final URI base;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  SelfDriver(URI base) {
    this.base = base;
  }

  private static final class Call {
    final String method;
    final String path;
    final String traceparent;
    final int expectedStatus;

    Call(String method, String path, String traceparent, int expectedStatus) {
      this.method = method;
      this.path = path;
      this.traceparent = traceparent;
      this.expectedStatus = expectedStatus;
    }
  }

  /** Returns true when every response had the expected status. */
  boolean run() {
    List<Call> calls = List.of(
        new Call("GET", "/", null, 200),
        new Call("GET", "/checkout?item=book", null, 200),
        new Call("POST", "/checkout?item=pen", null, 200),
        new Call("GET", "/orders/42", null, 200),
        new Call("GET", "/summary", null, 200),
        new Call("GET", "/fail", null, 500),
        new Call("GET", "/checkout?item=mug", TRACEPARENT, 200));
    boolean allAsExpected = true;
    for (Call call : calls) {
      String label = call.method + " " + call.path + (call.traceparent != null ? " (traceparent)" : "");
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(call.path))
            .timeout(Duration.ofSeconds(30))
            .method(call.method, HttpRequest.BodyPublishers.noBody());
        if (call.traceparent != null) {
          request.header("traceparent", call.traceparent);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        boolean ok = response.statusCode() == call.expectedStatus;
        allAsExpected &= ok;
        System.out.println("self-drive: " + label + " -> " + response.statusCode()
            + (ok ? "" : " (expected " + call.expectedStatus + ")"));
      } catch (IOException e) {
        allAsExpected = false;
        System.out.println("self-drive: " + label + " -> failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return allAsExpected;
  }
}
