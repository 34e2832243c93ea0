package io.spanwise.executorstests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.testing.InProcessAgent;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task handed over inside a request and never run keeps nothing alive: neither itself nor the request's
 * span (the agent remembers contexts weakly by task, and forgets them when a pool drops the task).
 */
class NoLeakTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<ExecutorService> pools = new ArrayList<>();

  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @AfterEach
  void shutDown() {
    release.countDown();
    pools.forEach(ExecutorService::shutdownNow);
  }

  /** What the request left behind: its span and the task it handed over. */
  static final class Leftovers {
    WeakReference<Object> span;
    WeakReference<Object> task;
  }

  private ThreadPoolExecutor busyPool(int queueCapacity) throws InterruptedException {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
        new ArrayBlockingQueue<>(queueCapacity));
    pools.add(pool);
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(() -> {
      busy.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    return pool;
  }

  /** Runs {@code handOver} with a new task inside a request; returns weak references to what is left. */
  private static Leftovers request(java.util.function.Consumer<Runnable> handOver) throws Exception {
    Leftovers leftovers = new Leftovers();
    Traced.inRequest(() -> {
      leftovers.span = new WeakReference<>(Tracing.currentContextOrNull()); // the context holds the span
      Runnable task = new Query(); // a new object (a method reference without captures is a singleton)
      leftovers.task = new WeakReference<>(task);
      handOver.accept(task);
    });
    return leftovers;
  }

  private static void assertCollected(Leftovers leftovers) throws InterruptedException {
    InProcessAgent.reset(); // the in-memory exporter keeps ended spans
    assertThat(leftovers.span.get()).as("the request's span, while the request ran").isNotNull();
    awaitCollected(leftovers.task, "the task");
    awaitCollected(leftovers.span, "the request's span");
  }

  /**
   * Collects garbage until the reference is cleared, 10 seconds at most. Between collections a task runs
   * (a thread starts), as in any live application: the entries of collected tasks are dropped by the next
   * hand-off or task run, whichever thread it is on.
   */
  static void awaitCollected(WeakReference<?> reference, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
      Thread next = new Thread(() -> {});
      next.start();
      next.join();
    }
    assertThat(reference.get()).as(what + " is still reachable").isNull();
  }

  @Test
  void aTaskRemovedFromThePool() throws Exception {
    ThreadPoolExecutor pool = busyPool(10);
    Leftovers leftovers = request(task -> {
      pool.execute(task);
      assertThat(pool.remove(task)).isTrue();
    });
    assertCollected(leftovers);
  }

  @Test
  void tasksDrainedByShutdownNow() throws Exception {
    ThreadPoolExecutor pool = busyPool(10);
    Leftovers leftovers = request(pool::execute);
    assertThat(pool.shutdownNow()).hasSize(1);
    assertCollected(leftovers);
  }

  @Test
  void aTaskRejectedByAFullPool() throws Exception {
    ThreadPoolExecutor pool = busyPool(1);
    pool.execute(() -> {});
    Leftovers leftovers = request(task ->
        assertThatThrownBy(() -> pool.execute(task)).isInstanceOf(RejectedExecutionException.class));
    assertCollected(leftovers);
  }

  @Test
  void aTaskDiscardedByItsPolicy() throws Exception {
    ThreadPoolExecutor pool = busyPool(1);
    pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
    pool.execute(() -> {});
    Leftovers leftovers = request(pool::execute);
    assertCollected(leftovers);
  }

  @Test
  void aScheduledTaskCancelled() throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    pools.add(scheduler);
    Leftovers leftovers = request(task ->
        assertThat(scheduler.schedule(task, 1, TimeUnit.HOURS).cancel(false)).isTrue());
    assertCollected(leftovers);
  }

  /** A pool dropped with its queued task (never shut down: its busy worker ends with the test). */
  @Test
  void aTaskQueuedInAPoolThatIsDropped() throws Exception {
    ThreadPoolExecutor pool = busyPool(10);
    Leftovers leftovers = request(pool::execute);
    pools.remove(pool);
    pool.getQueue().clear();
    assertCollected(leftovers);
  }

  /** A wrapped task an application's executor never runs. */
  @Test
  void aWrappedTaskNeverRun() throws Exception {
    List<Runnable> queue = new ArrayList<>();
    Executor holding = new Holding(queue);
    Leftovers leftovers = request(holding::execute);
    assertThat(queue).hasSize(1);
    queue.clear();
    assertCollected(leftovers);
  }

  /** A thread created inside the request and never started. */
  @Test
  void aThreadNeverStarted() throws Exception {
    Leftovers leftovers = request(Thread::new);
    assertCollected(leftovers);
  }

  static final class Query implements Runnable {
    @Override
    public void run() {
      Traced.query();
    }
  }

  static final class Holding implements Executor {
    private final List<Runnable> queue;

    Holding(List<Runnable> queue) {
      this.queue = queue;
    }

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }
  }
}
