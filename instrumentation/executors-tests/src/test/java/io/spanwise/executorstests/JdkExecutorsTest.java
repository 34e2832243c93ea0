package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.hasContext;
import static io.spanwise.executorstests.Traced.inRequest;
import static io.spanwise.executorstests.Traced.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way of handing work to the JDK's pools: the query made in the pool thread is a child of the
 * request that handed the work over, and the pool thread is left with no context.
 */
class JdkExecutorsTest {
  private ExecutorService pool;

  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** One thread, so that a later probe runs on the thread that ran the traced task. */
  private ExecutorService pool(ExecutorService pool) {
    this.pool = pool;
    return pool;
  }

  /** A task handed over outside any request sees no context on the thread that ran the traced work. */
  private static void assertNoContextLeftOn(ExecutorService pool) throws Exception {
    assertThat(hasContext()).as("no request on the test thread").isFalse();
    assertThat(pool.submit(Traced::hasContext).get(10, TimeUnit.SECONDS))
        .as("a context left on the pool thread").isFalse();
  }

  @Test
  void threadPoolExecute() throws Exception {
    ExecutorService pool = pool(Executors.newFixedThreadPool(1));
    inRequest(() -> {
      CountDownLatch done = new CountDownLatch(1);
      pool.execute(() -> {
        query();
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    });
    assertQueriesAreChildrenOfTheRequest(1);
    assertNoContextLeftOn(pool);
  }

  @Test
  void threadPoolSubmitRunnableAndCallable() throws Exception {
    ExecutorService pool = pool(Executors.newFixedThreadPool(1));
    inRequest(() -> {
      pool.submit((Runnable) Traced::query).get(10, TimeUnit.SECONDS);
      pool.submit(Traced::query, "result").get(10, TimeUnit.SECONDS);
      assertThat(pool.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
    });
    assertQueriesAreChildrenOfTheRequest(3);
    assertNoContextLeftOn(pool);
  }

  @Test
  void threadPoolInvokeAllAndInvokeAny() throws Exception {
    ExecutorService pool = pool(Executors.newFixedThreadPool(2));
    inRequest(() -> {
      List<Callable<String>> tasks = List.of(Traced::query, Traced::query, Traced::query);
      for (Future<String> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isEqualTo("mug");
      }
      assertThat(pool.invokeAny(List.<Callable<String>>of(Traced::query))).isEqualTo("mug");
    });
    assertQueriesAreChildrenOfTheRequest(4);
  }

  @Test
  void cachedAndSingleThreadExecutors() throws Exception {
    ExecutorService cached = Executors.newCachedThreadPool();
    try {
      pool(Executors.newSingleThreadExecutor());
      inRequest(() -> {
        cached.submit(Traced::query).get(10, TimeUnit.SECONDS);
        pool.submit(Traced::query).get(10, TimeUnit.SECONDS);
      });
      assertQueriesAreChildrenOfTheRequest(2);
      assertNoContextLeftOn(pool);
    } finally {
      cached.shutdownNow();
    }
  }

  /** A task without captures is one object for every call: two requests queuing it each keep their run. */
  @Test
  void theSameTaskObjectQueuedByTwoRequests() throws Exception {
    ExecutorService pool = pool(Executors.newFixedThreadPool(1));
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    String[] requestTraces = new String[2];
    for (int i = 0; i < 2; i++) {
      int request = i;
      inRequest(() -> {
        requestTraces[request] = Tracing.currentTraceId();
        pool.execute(SHARED_TASK);
        pool.execute(SHARED_TASK);
      });
    }
    release.countDown();
    List<SpanData> spans = InProcessAgent.awaitExactly(6, Duration.ofSeconds(20));
    assertThat(spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .map(s -> s.getTraceId()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder(requestTraces[0], requestTraces[0], requestTraces[1], requestTraces[1]);
    assertThat(spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT))
        .allMatch(s -> s.getParentSpanContext().isValid());
    assertNoContextLeftOn(pool);
  }

  private static final Runnable SHARED_TASK = Traced::query;

  /** Tasks of a pool whose workers were started inside a request: the workers do not keep its context. */
  @Test
  void workersStartedInsideARequestDoNotKeepItsContext() throws Exception {
    ExecutorService pool = pool(new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
        new java.util.concurrent.LinkedBlockingQueue<>()));
    inRequest(() -> pool.submit(Traced::query).get(10, TimeUnit.SECONDS));
    assertQueriesAreChildrenOfTheRequest(1);
    // Both workers now exist (the second was started for this probe, outside any request, or inside it).
    for (int i = 0; i < 4; i++) {
      assertNoContextLeftOn(pool);
    }
    ((ThreadPoolExecutor) pool).prestartAllCoreThreads();
    assertNoContextLeftOn(pool);
  }

  @Test
  void scheduledExecutorScheduleRunnableAndCallable() throws Exception {
    ScheduledExecutorService scheduler = (ScheduledExecutorService) pool(Executors.newScheduledThreadPool(1));
    inRequest(() -> {
      scheduler.schedule((Runnable) Traced::query, 10, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
      assertThat(scheduler.schedule(Traced::query, 10, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS))
          .isEqualTo("mug");
      scheduler.execute(Traced::query);
      scheduler.submit(Traced::query).get(10, TimeUnit.SECONDS);
    });
    assertQueriesAreChildrenOfTheRequest(4);
    assertNoContextLeftOn(scheduler);
  }

  /** A periodic task runs in the context it was scheduled in, every time. */
  @Test
  void scheduledExecutorPeriodicTasks() throws Exception {
    ScheduledExecutorService scheduler = (ScheduledExecutorService) pool(new ScheduledThreadPoolExecutor(1));
    inRequest(() -> {
      CountDownLatch fixedRate = new CountDownLatch(3);
      CountDownLatch fixedDelay = new CountDownLatch(2);
      ScheduledFuture<?> rate = scheduler.scheduleAtFixedRate(() -> {
        if (fixedRate.getCount() > 0) {
          query();
          fixedRate.countDown();
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
      ScheduledFuture<?> delay = scheduler.scheduleWithFixedDelay(() -> {
        if (fixedDelay.getCount() > 0) {
          query();
          fixedDelay.countDown();
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
      assertThat(fixedRate.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(fixedDelay.await(10, TimeUnit.SECONDS)).isTrue();
      rate.cancel(false);
      delay.cancel(false);
    });
    assertQueriesAreChildrenOfTheRequest(5);
    assertNoContextLeftOn(scheduler);
  }

  @Test
  void forkJoinPoolExecuteSubmitInvoke() throws Exception {
    ForkJoinPool forkJoin = (ForkJoinPool) pool(new ForkJoinPool(1));
    inRequest(() -> {
      CountDownLatch done = new CountDownLatch(1);
      forkJoin.execute(() -> {
        query();
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      forkJoin.submit((Runnable) Traced::query).get(10, TimeUnit.SECONDS);
      assertThat(forkJoin.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      assertThat(forkJoin.invoke(new QueryTask(2))).isEqualTo(2);
    });
    assertQueriesAreChildrenOfTheRequest(5);
    assertNoContextLeftOn(forkJoin);
  }

  @Test
  void forkJoinPoolInvokeAllAndInvokeAny() throws Exception {
    ForkJoinPool forkJoin = (ForkJoinPool) pool(new ForkJoinPool(2));
    inRequest(() -> {
      for (Future<String> result : forkJoin.invokeAll(List.<Callable<String>>of(Traced::query, Traced::query))) {
        assertThat(result.get()).isEqualTo("mug");
      }
      assertThat(forkJoin.invokeAny(List.<Callable<String>>of(Traced::query))).isEqualTo("mug");
    });
    assertQueriesAreChildrenOfTheRequest(3);
  }

  /** Subtasks forked inside a task and stolen by other workers run in the task's context too. */
  @Test
  void forkJoinRecursiveTasksAndTheCommonPool() throws Exception {
    inRequest(() -> {
      assertThat(ForkJoinPool.commonPool().submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      assertThat(ForkJoinPool.commonPool().invoke(new QueryTask(4))).isEqualTo(4);
      ForkJoinPool three = new ForkJoinPool(3);
      try {
        assertThat(three.submit(new QueryTask(8)).get(10, TimeUnit.SECONDS)).isEqualTo(8);
      } finally {
        three.shutdownNow();
      }
    });
    assertQueriesAreChildrenOfTheRequest(13);
    assertThat(ForkJoinPool.commonPool().submit(Traced::hasContext).get(10, TimeUnit.SECONDS)).isFalse();
  }

  /** A parallel stream is forked subtasks in the common pool. */
  @Test
  void parallelStream() throws Exception {
    inRequest(() -> assertThat(IntStream.range(0, 6).parallel().mapToObj(i -> query())
        .collect(Collectors.toList())).hasSize(6));
    assertQueriesAreChildrenOfTheRequest(6);
  }

  @Test
  void newThreadStart() throws Exception {
    AtomicBoolean contextAfterwards = new AtomicBoolean(true);
    inRequest(() -> {
      Thread thread = new Thread(() -> {
        query();
        contextAfterwards.set(false);
      });
      thread.start();
      thread.join(10_000);
      Thread named = new Thread(Traced::query, "named");
      named.start();
      named.join(10_000);
    });
    assertQueriesAreChildrenOfTheRequest(2);
    assertThat(contextAfterwards.get()).isFalse();
  }

  /** An application's Thread subclass whose run() calls super.run(). */
  @Test
  void threadSubclassCallingSuperRun() throws Exception {
    inRequest(() -> {
      Thread thread = new Thread(Traced::query) {
        @Override
        public void run() {
          super.run();
        }
      };
      thread.start();
      thread.join(10_000);
    });
    assertQueriesAreChildrenOfTheRequest(1);
  }

  /** Outside any request nothing travels: the query in the pool is a trace of its own. */
  @Test
  void nothingTravelsOutsideARequest() throws Exception {
    ExecutorService pool = pool(Executors.newFixedThreadPool(1));
    pool.submit(Traced::query).get(10, TimeUnit.SECONDS);
    ForkJoinPool forkJoin = new ForkJoinPool(1);
    forkJoin.submit(Traced::query).get(10, TimeUnit.SECONDS);
    forkJoin.shutdownNow();
    Thread thread = new Thread(Traced::query);
    thread.start();
    thread.join(10_000);
    Traced.assertQueriesAreRoots(3);
  }

  /** Counts down from n, forking halves; each leaf queries. */
  static final class QueryTask extends RecursiveTask<Integer> {
    private final int n;

    QueryTask(int n) {
      this.n = n;
    }

    @Override
    protected Integer compute() {
      if (n == 1) {
        query();
        return 1;
      }
      QueryTask left = new QueryTask(n / 2);
      QueryTask right = new QueryTask(n - n / 2);
      left.fork();
      return right.compute() + left.join();
    }
  }
}
