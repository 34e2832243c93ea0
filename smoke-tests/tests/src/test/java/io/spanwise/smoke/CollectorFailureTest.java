package io.spanwise.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.smoke.support.ChildJvm;
import io.spanwise.smoke.support.Http;
import io.spanwise.smoke.support.Jdk;
import io.spanwise.smoke.support.OtlpReceiver;
import io.spanwise.smoke.support.SmokeTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A collector that is down, failing or slow must not hurt the application: every request is still
 * served, and the app prints no exceptions.
 */
class CollectorFailureTest extends SmokeTest {
  static final int REQUESTS = 200;

  enum Collector {
    /** Nothing listens on the endpoint's port. */
    DOWN,
    /** Answers every export with 503 Service Unavailable (retryable). */
    UNAVAILABLE,
    /** Takes 5 s per export against a 1 s exporter timeout. */
    SLOW
  }

  @ParameterizedTest
  @EnumSource(Collector.class)
  void theAppServesEveryRequest(Collector collector) throws Exception {
    OtlpReceiver receiver = track(OtlpReceiver.start());
    ChildJvm.Builder builder = demo(Jdk.current(), receiver);
    switch (collector) {
      case DOWN:
        builder.sysProp("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort());
        break;
      case UNAVAILABLE:
        receiver.failWith(503);
        break;
      case SLOW:
        receiver.delay(Duration.ofSeconds(5));
        builder.sysProp("otel.exporter.otlp.timeout", "1000");
        break;
    }
    ChildJvm app = track(builder.start());
    int port = app.awaitPort();

    List<Integer> statuses = sendRequests(port);
    assertThat(statuses).hasSize(REQUESTS).containsOnly(200);

    if (collector != Collector.DOWN) {
      receiver.awaitExportRequests(1, Duration.ofSeconds(30)); // the agent did try
    }
    assertThat(app.isAlive()).isTrue();
    assertThat(Http.get(port, "/orders/42").statusCode()).isEqualTo(200);

    app.stop();
    assertThat(exceptionOutput(app.stdoutLines())).as(app.describe()).isEmpty();
    assertThat(exceptionOutput(app.stderrLines())).as(app.describe()).isEmpty();
  }

  /** {@link #REQUESTS} requests from 4 threads, mostly cheap ones with a checkout every tenth. */
  private static List<Integer> sendRequests(int port) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        String path = i % 10 == 0 ? "/checkout?item=pen" : i % 2 == 0 ? "/orders/42" : "/";
        futures.add(pool.submit(() -> Http.get(port, path).statusCode()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
