package io.spanwise.executorstests;

import io.spanwise.testing.Instrumented;
import static io.spanwise.executorstests.Traced.inRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.executors.enabled=false}: nothing travels and no JDK class is changed. */
class ExecutorsDisabledTest {
  @BeforeAll
  static void installAgent() {
    Traced.install(Map.of("otel.instrumentation.executors.enabled", "false"));
  }

  @Test
  void queriesInOtherThreadsAreTracesOfTheirOwn() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      inRequest(() -> {
        pool.submit(Traced::query).get(10, TimeUnit.SECONDS);
        CompletableFuture.supplyAsync(Traced::query, pool).get(10, TimeUnit.SECONDS);
        Thread thread = new Thread(Traced::query);
        thread.start();
        thread.join(10_000);
      });
    } finally {
      pool.shutdownNow();
    }
    // the request and three queries, each the root of its own trace
    Traced.assertQueriesAreRoots(3, 1);
  }

  @Test
  void noJdkClassIsTransformed() {
    for (Class<?> type : new Class<?>[] {Thread.class, ThreadPoolExecutor.class, ForkJoinPool.class,
        ForkJoinTask.class, CompletableFuture.class}) {
      assertThat(Instrumented.isInstrumented(type)).as(type.getName()).isFalse();
    }
  }
}
