package io.spanwise.executorstests.jdk21;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.inRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spanwise.executorstests.Traced;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JDK 25: ForkJoinPool is also a ScheduledExecutorService, and CompletableFuture's delays use it (compiled
 * for 21, so the pool is seen through the interface).
 */
class ForkJoinSchedulingTest {
  @BeforeAll
  static void installAgent() {
    assumeTrue(Runtime.version().feature() >= 25, "ForkJoinPool schedules from JDK 25 on");
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  @Test
  void scheduleOnTheCommonPool() throws Exception {
    ScheduledExecutorService common = (ScheduledExecutorService) (Object) ForkJoinPool.commonPool();
    inRequest(() -> {
      assertThat(common.schedule(Traced::query, 10, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS))
          .isEqualTo("mug");
      common.schedule((Runnable) Traced::query, 10, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }

  @Test
  void completableFutureDelayedExecutor() throws Exception {
    inRequest(() -> assertThat(CompletableFuture.supplyAsync(Traced::query,
        CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)).get(10, TimeUnit.SECONDS)).isEqualTo("mug"));
    assertQueriesAreChildrenOfTheRequest(1);
  }
}
