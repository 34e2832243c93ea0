package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.hasContext;
import static io.spanwise.executorstests.Traced.inRequest;
import static io.spanwise.executorstests.Traced.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CompletableFuture}: the {@code *Async} methods run in the context of the code that called them;
 * dependent stages run in the context of the code that registered them, whichever thread completes the
 * future.
 */
class CompletableFutureTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @Test
  void supplyAsyncAndRunAsyncOnTheDefaultPool() throws Exception {
    inRequest(() -> {
      assertThat(CompletableFuture.supplyAsync(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      CompletableFuture.runAsync(Traced::query).get(10, TimeUnit.SECONDS);
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }

  /** Three queries fanned out on a custom pool and joined: the shape of the smoke test's servlet. */
  @Test
  void fanOutOnACustomPoolAndJoin() throws Exception {
    inRequest(() -> {
      CompletableFuture<String> a = CompletableFuture.supplyAsync(Traced::query, pool);
      CompletableFuture<String> b = CompletableFuture.supplyAsync(Traced::query, pool);
      CompletableFuture<String> c = CompletableFuture.supplyAsync(Traced::query, pool);
      CompletableFuture.allOf(a, b, c).join();
      assertThat(a.join() + b.join() + c.join()).isEqualTo("mugmugmug");
    });
    assertQueriesAreChildrenOfTheRequest(3);
  }

  @Test
  void asyncDependentStages() throws Exception {
    inRequest(() -> {
      String result = CompletableFuture.supplyAsync(Traced::query, pool)
          .thenApplyAsync(name -> name + query(), pool)
          .thenComposeAsync(name -> CompletableFuture.supplyAsync(() -> name + query(), pool), pool)
          .thenCombineAsync(CompletableFuture.supplyAsync(Traced::query, pool), String::concat, pool)
          .get(10, TimeUnit.SECONDS);
      assertThat(result).isEqualTo("mugmugmugmug");
    });
    assertQueriesAreChildrenOfTheRequest(4);
  }

  /**
   * Stages registered inside the request on a future that a thread outside any request completes later:
   * they run in that thread, in the request's context, and leave that thread as they found it.
   */
  @Test
  void dependentStagesCompletedByAnotherThread() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> other = new CompletableFuture<>();
    CountDownLatch registered = new CountDownLatch(1);
    AtomicBoolean completerHadContextAfterwards = new AtomicBoolean(true);
    Thread completer = new Thread(() -> {
      try {
        registered.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      source.complete("mug");
      other.complete("pen");
      completerHadContextAfterwards.set(hasContext());
    });
    completer.start(); // outside the request: it carries no context

    CompletableFuture<?>[] stages = new CompletableFuture<?>[6];
    inRequest(() -> {
      stages[0] = source.thenApply(name -> query());
      stages[1] = source.thenAccept(name -> query());
      stages[2] = source.whenComplete((name, error) -> query());
      stages[3] = source.handle((name, error) -> query());
      stages[4] = source.thenCombine(other, (a, b) -> query());
      stages[5] = source.thenCompose(name -> CompletableFuture.completedFuture(query()));
      registered.countDown();
      CompletableFuture.allOf(stages).get(10, TimeUnit.SECONDS);
    });
    completer.join(10_000);
    assertQueriesAreChildrenOfTheRequest(6);
    assertThat(completerHadContextAfterwards.get()).isFalse();
  }

  /** The same, the request having ended before the future completes. */
  @Test
  void dependentStageFiredAfterTheRequestEnded() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> stage = inRequest(() -> source.thenApply(name -> query()));
    pool.submit(() -> source.complete("mug")).get(10, TimeUnit.SECONDS);
    assertThat(stage.get(10, TimeUnit.SECONDS)).isEqualTo("mug");
    assertQueriesAreChildrenOfTheRequest(1);
  }

  /** A delayed executor relays the task from the JDK's delay scheduler to the pool. */
  @Test
  void delayedExecutorAndTimeouts() throws Exception {
    inRequest(() -> {
      assertThat(CompletableFuture.supplyAsync(Traced::query,
          CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS, pool)).get(10, TimeUnit.SECONDS))
          .isEqualTo("mug");
      CompletableFuture<String> never = new CompletableFuture<>();
      assertThat(never.completeOnTimeout("late", 10, TimeUnit.MILLISECONDS).thenApply(late -> query())
          .get(10, TimeUnit.SECONDS)).isEqualTo("mug");
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }
}
