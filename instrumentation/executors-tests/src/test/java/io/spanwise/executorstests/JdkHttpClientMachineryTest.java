package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.hasContext;
import static io.spanwise.executorstests.Traced.inRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK {@code HttpClient}'s own stages and tasks, dozens per call, are its machinery with the
 * {@code java-http-client} module off as with it on: no context is remembered for each of them (on the
 * benchmark service, remembering them cost the JVM's reference handling and GC about 20 µs of CPU per
 * request), and the client's threads run none; stages the caller chains on the returned future still run in
 * the caller's context.
 */
class JdkHttpClientMachineryTest {
  private static HttpServer server;
  private final ExecutorService clientPool = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void start() throws Exception {
    Traced.install(Map.of("otel.instrumentation.java-http-client.enabled", "false"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @AfterEach
  void shutDown() {
    clientPool.shutdownNow();
  }

  @Test
  void theClientsOwnWorkRunsInNoContextAndTheCallersStagesInTheCallers() throws Exception {
    HttpClient client = HttpClient.newBuilder().executor(clientPool).build();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
    Thread caller = Thread.currentThread();
    // the client calls the handler on the caller's thread or on one of its own (its executor's)
    List<Boolean> handlerHadContextOffTheCallersThread = new CopyOnWriteArrayList<>();
    HttpResponse.BodyHandler<String> handler = info -> {
      if (Thread.currentThread() != caller) {
        handlerHadContextOffTheCallersThread.add(hasContext());
      }
      return BodySubscribers.ofString(StandardCharsets.UTF_8);
    };
    boolean[] chainedHadContext = new boolean[1];
    inRequest(() -> {
      for (int i = 0; i < 3; i++) {
        assertThat(client.send(request, handler).body()).isEqualTo("ok");
      }
      assertThat(client.sendAsync(request, handler).get(10, TimeUnit.SECONDS).body()).isEqualTo("ok");
      chainedHadContext[0] = client.sendAsync(request, BodyHandlers.ofString())
          .thenApplyAsync(response -> hasContext(), clientPool)
          .get(10, TimeUnit.SECONDS);
    });
    assertThat(handlerHadContextOffTheCallersThread).as("the client's body handler, on its own threads")
        .isNotEmpty().containsOnly(false);
    assertThat(chainedHadContext[0]).as("a stage the caller chained on the returned future").isTrue();
  }
}
