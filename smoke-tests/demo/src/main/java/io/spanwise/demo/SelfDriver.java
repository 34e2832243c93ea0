package io.spanwise.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends a handful of requests to the demo itself so that a run shows every kind of trace. */
final class SelfDriver {
  /** A caller's W3C trace context: the server span continues this trace. */
  static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final URI base;

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
  boolean run(boolean withShipping, boolean withShippingGrpc) {
    List<Call> calls = new ArrayList<>(List.of(
        new Call("GET", "/", null, 200),
        new Call("GET", "/checkout?item=book", null, 200),
        new Call("POST", "/checkout?item=pen", null, 200),
        new Call("GET", "/orders/42", null, 200),
        new Call("GET", "/summary", null, 200),
        new Call("GET", "/fail", null, 500),
        new Call("GET", "/checkout?item=mug", TRACEPARENT, 200)));
    if (withShipping) {
      calls.add(new Call("GET", "/ship?item=book", null, 200));
    }
    if (withShippingGrpc) {
      // The shipping service does not know the item: its gRPC answer is NOT_FOUND, the checkout's 404.
      calls.add(new Call("GET", "/checkout?item=kite", null, 404));
    }
    boolean allAsExpected = true;
    for (Call call : calls) {
      String label = call.method + " " + call.path + (call.traceparent != null ? " (traceparent)" : "");
      try {
        int status = send(call);
        boolean ok = status == call.expectedStatus;
        allAsExpected &= ok;
        System.out.println("self-drive: " + label + " -> " + status
            + (ok ? "" : " (expected " + call.expectedStatus + ")"));
      } catch (IOException e) {
        allAsExpected = false;
        System.out.println("self-drive: " + label + " -> failed: " + e);
      }
    }
    return allAsExpected;
  }

  /**
   * One HTTP/1.1 request over a plain socket. Not an HTTP client library on purpose: the agent traces
   * those (CLIENT spans, injected headers), and the driver stands for callers outside the demo.
   */
  private int send(Call call) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder()
          .append(call.method).append(' ').append(call.path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
          .append("Connection: close\r\nContent-Length: 0\r\n");
      if (call.traceparent != null) {
        request.append("traceparent: ").append(call.traceparent).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      while (in.readLine() != null) {
        // the whole response: the request has been handled
      }
      if (status == null || status.length() < 12) {
        throw new IOException("no HTTP status line: " + status);
      }
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
