package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.hasContext;
import static io.spanwise.executorstests.Traced.inRequest;
import static io.spanwise.executorstests.Traced.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Executors the application writes itself, by implementing the interface. */
class ApplicationExecutorsTest {
  private final QueueExecutor queue = new QueueExecutor();

  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  @AfterEach
  void stop() throws InterruptedException {
    queue.stop();
  }

  @Test
  void anExecutorWithItsOwnWorkerThread() throws Exception {
    inRequest(() -> {
      CountDownLatch done = new CountDownLatch(1);
      queue.execute(() -> {
        query();
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    });
    assertQueriesAreChildrenOfTheRequest(1);
    assertThat(queue.submitAndWait(Traced::hasContext)).as("context left on the worker").isFalse();
  }

  @Test
  void anExecutorStartingAThreadPerTask() throws Exception {
    Executor perTask = new ThreadPerTaskExecutor();
    inRequest(() -> {
      CountDownLatch done = new CountDownLatch(2);
      perTask.execute(() -> {
        query();
        done.countDown();
      });
      perTask.execute(() -> {
        query();
        done.countDown();
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }

  /** Runs the task inline: the task may hand work on to other executors, which must see the context. */
  @Test
  void aDirectExecutorAndWorkHandedOnFromInsideIt() throws Exception {
    Executor direct = new DirectExecutor();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      inRequest(() -> direct.execute(() -> {
        query();
        try {
          pool.submit(Traced::query).get(10, TimeUnit.SECONDS);
          Thread thread = new Thread(Traced::query);
          thread.start();
          thread.join(10_000);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
      assertQueriesAreChildrenOfTheRequest(3);
    } finally {
      pool.shutdownNow();
    }
  }

  /** An ExecutorService built on AbstractExecutorService: submit, invokeAll and invokeAny through it. */
  @Test
  void anExecutorServiceOfItsOwn() throws Exception {
    QueueExecutorService service = new QueueExecutorService();
    try {
      inRequest(() -> {
        assertThat(service.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
        service.submit((Runnable) Traced::query).get(10, TimeUnit.SECONDS);
        for (Future<String> f : service.invokeAll(List.<Callable<String>>of(Traced::query, Traced::query))) {
          assertThat(f.get()).isEqualTo("mug");
        }
        assertThat(service.invokeAny(List.<Callable<String>>of(Traced::query))).isEqualTo("mug");
      });
      assertQueriesAreChildrenOfTheRequest(5);
    } finally {
      service.shutdownNow();
    }
  }

  /** A decorator passing the task to a JDK pool: wrapped once, by the outermost executor. */
  @Test
  void aDecoratorAroundAJdkPool() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    Executor decorator = new Decorator(pool);
    try {
      inRequest(() -> {
        CountDownLatch done = new CountDownLatch(1);
        decorator.execute(() -> {
          query();
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      });
      assertQueriesAreChildrenOfTheRequest(1);
      assertThat(pool.submit(Traced::hasContext).get(10, TimeUnit.SECONDS)).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void completableFutureOnAnApplicationExecutor() throws Exception {
    inRequest(() -> {
      CompletableFuture<String> a = CompletableFuture.supplyAsync(Traced::query, queue);
      CompletableFuture<String> b = a.thenApplyAsync(name -> query(), queue);
      assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("mug");
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }

  /** One worker thread draining a queue. */
  static final class QueueExecutor implements Executor {
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread worker;

    QueueExecutor() {
      worker = new Thread(() -> {
        try {
          while (true) {
            tasks.take().run();
          }
        } catch (InterruptedException stop) {
          // stopped
        }
      }, "queue-executor");
      worker.setDaemon(true);
      worker.start();
    }

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    List<Runnable> queued() {
      return new ArrayList<>(tasks);
    }

    <T> T submitAndWait(Callable<T> task) throws Exception {
      CompletableFuture<T> result = new CompletableFuture<>();
      execute(() -> {
        try {
          result.complete(task.call());
        } catch (Exception e) {
          result.completeExceptionally(e);
        }
      });
      return result.get(10, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
      worker.interrupt();
      worker.join(10_000);
    }
  }

  static final class ThreadPerTaskExecutor implements Executor {
    @Override
    public void execute(Runnable task) {
      new Thread(task).start();
    }
  }

  static final class DirectExecutor implements Executor {
    @Override
    public void execute(Runnable task) {
      task.run();
    }
  }

  static final class Decorator implements Executor {
    private final Executor delegate;

    Decorator(Executor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
      delegate.execute(() -> task.run());
    }
  }

  /** A minimal ExecutorService: AbstractExecutorService over one worker thread. */
  static final class QueueExecutorService extends AbstractExecutorService {
    private final QueueExecutor queue = new QueueExecutor();
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
      queue.execute(task);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      try {
        queue.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
