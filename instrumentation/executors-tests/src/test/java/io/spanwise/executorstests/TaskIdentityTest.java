package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.inRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks handed over inside a request stay the application's own objects wherever the application can see
 * them again: in the JDK's pools they are not wrapped at all; elsewhere the wrapper compares equal.
 */
class TaskIdentityTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<java.util.concurrent.ExecutorService> pools = new ArrayList<>();

  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @AfterEach
  void shutDown() {
    release.countDown();
    pools.forEach(java.util.concurrent.ExecutorService::shutdownNow);
  }

  /** A one-thread pool whose thread is busy until the test ends: what is submitted next stays queued. */
  private ThreadPoolExecutor busyPool() throws InterruptedException {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    pools.add(pool);
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(() -> {
      busy.countDown();
      awaitRelease();
    });
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    return pool;
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void threadPoolQueueRemoveAndShutdownNowSeeTheSubmittedTasks() throws Exception {
    ThreadPoolExecutor pool = busyPool();
    Runnable first = Traced::query;
    Runnable second = Traced::query;
    Runnable third = Traced::query;
    inRequest(() -> {
      pool.execute(first);
      pool.execute(second);
      pool.execute(third);
      assertThat(pool.getQueue()).containsExactly(first, second, third);
      assertThat(pool.getQueue().peek()).isSameAs(first);
      assertThat(pool.remove(second)).isTrue();
    });
    assertThat(pool.remove(second)).isFalse();
    List<Runnable> drained = pool.shutdownNow();
    assertThat(drained).hasSize(2);
    assertThat(drained.get(0)).isSameAs(first);
    assertThat(drained.get(1)).isSameAs(third);
  }

  /** beforeExecute/afterExecute get the task submitted; for submit(), the Future it returned. */
  @Test
  void beforeAndAfterExecuteSeeTheSubmittedObjects() throws Exception {
    List<Runnable> before = new CopyOnWriteArrayList<>();
    List<Runnable> after = new CopyOnWriteArrayList<>();
    List<Object> resultsSeenAfter = new CopyOnWriteArrayList<>();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>()) {
      @Override
      protected void beforeExecute(Thread thread, Runnable task) {
        before.add(task);
      }

      @Override
      protected void afterExecute(Runnable task, Throwable error) {
        after.add(task);
        if (error == null && task instanceof Future<?>) { // the pattern of ThreadPoolExecutor's javadoc
          try {
            resultsSeenAfter.add(((Future<?>) task).get());
          } catch (Exception e) {
            resultsSeenAfter.add(e);
          }
        }
      }
    };
    pools.add(pool);
    Runnable task = Traced::query;
    Future<?>[] future = new Future<?>[1];
    inRequest(() -> {
      CountDownLatch done = new CountDownLatch(1);
      pool.execute(task);
      future[0] = pool.submit((Callable<String>) Traced::query);
      pool.execute(done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    });
    assertThat(before.get(0)).isSameAs(task);
    assertThat(after.get(0)).isSameAs(task);
    assertThat(before.get(1)).isSameAs(future[0]).isInstanceOf(FutureTask.class);
    assertThat(after.get(1)).isSameAs(future[0]);
    assertThat(resultsSeenAfter).containsExactly("mug");
  }

  @Test
  void scheduledFutureCancelRemovesTheScheduledTask() throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    pools.add(scheduler);
    inRequest(() -> {
      ScheduledFuture<?> later = scheduler.schedule(Traced::query, 1, TimeUnit.HOURS);
      ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(Traced::query, 1, 1, TimeUnit.HOURS);
      assertThat(scheduler.getQueue()).containsExactlyInAnyOrder((Runnable) later, (Runnable) periodic);
      assertThat(later.cancel(false)).isTrue();
      assertThat(periodic.cancel(false)).isTrue();
      assertThat(later.isCancelled()).isTrue();
      assertThat(scheduler.getQueue()).isEmpty();
    });
  }

  @Test
  void forkJoinPoolReturnsTheTaskSubmitted() throws Exception {
    ForkJoinPool forkJoin = new ForkJoinPool(1);
    pools.add(forkJoin);
    ForkJoinTask<?> task = new RecursiveAction() {
      @Override
      protected void compute() {
        Traced.query();
      }
    };
    inRequest(() -> {
      assertThat(forkJoin.submit(task)).isSameAs(task);
      task.get(10, TimeUnit.SECONDS);
    });
  }

  /** An executor of the application's sees a task equal to its own, hashing and printing the same. */
  @Test
  void anApplicationExecutorSeesAnEqualTask() throws Exception {
    List<Runnable> received = new CopyOnWriteArrayList<>();
    Executor recording = new Recording(received);
    Runnable task = new NamedTask("refresh");
    recording.execute(task); // no request: handed over as it is
    inRequest(() -> recording.execute(task));
    assertThat(received.get(0)).isSameAs(task);
    Runnable wrapped = received.get(1);
    assertThat(wrapped).isEqualTo(task).hasSameHashCodeAs(task).hasToString("refresh");
    assertThat(received).containsOnly(task); // contains uses equals
    received.get(1).run();
    assertThat(((NamedTask) task).runs).isEqualTo(1);
  }

  static final class Recording implements Executor {
    private final List<Runnable> received;

    Recording(List<Runnable> received) {
      this.received = received;
    }

    @Override
    public void execute(Runnable task) {
      received.add(task);
    }
  }

  static final class NamedTask implements Runnable {
    private final String name;
    int runs;

    NamedTask(String name) {
      this.name = name;
    }

    @Override
    public void run() {
      runs++;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof NamedTask && ((NamedTask) other).name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
