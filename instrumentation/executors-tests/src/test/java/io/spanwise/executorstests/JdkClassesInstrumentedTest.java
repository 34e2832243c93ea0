package io.spanwise.executorstests;

import io.spanwise.testing.Instrumented;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK classes loaded before the agent (as they are before {@code premain}) are retransformed: exactly
 * the ones the module instruments, and not their neighbours.
 */
class JdkClassesInstrumentedTest {
  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @Test
  void theInstrumentedJdkClassesCarryTheAdvice() throws Exception {
    for (Class<?> type : new Class<?>[] {Thread.class, ThreadPoolExecutor.class, ScheduledThreadPoolExecutor.class,
        ForkJoinPool.class, ForkJoinTask.class,
        Class.forName("java.util.concurrent.CompletableFuture$UniCompletion"),
        Class.forName("java.util.concurrent.CompletableFuture$UniApply")}) {
      assertThat(Instrumented.isInstrumented(type)).as(type.getName()).isTrue();
    }
  }

  @Test
  void otherJdkClassesAreLeftAlone() {
    for (Class<?> type : new Class<?>[] {String.class, java.util.concurrent.FutureTask.class,
        java.util.concurrent.ConcurrentHashMap.class, java.util.concurrent.Executors.class,
        java.util.concurrent.CompletableFuture.class}) {
      assertThat(Instrumented.isInstrumented(type)).as(type.getName()).isFalse();
    }
  }
}
