package io.spanwise.executorstests.jdk21;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.hasContext;
import static io.spanwise.executorstests.Traced.inRequest;
import static io.spanwise.executorstests.Traced.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spanwise.executorstests.Traced;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual threads (JDK 21+): the query made in a virtual thread is a child of the request that started it. */
class VirtualThreadsTest {
  @BeforeAll
  static void installAgent() {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  @Test
  void virtualThreadPerTaskExecutor() throws Exception {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      inRequest(() -> {
        CountDownLatch done = new CountDownLatch(1);
        virtual.execute(() -> {
          query();
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(virtual.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
        virtual.submit((Runnable) Traced::query).get(10, TimeUnit.SECONDS);
        for (Future<String> f : virtual.invokeAll(List.<Callable<String>>of(Traced::query, Traced::query))) {
          assertThat(f.get()).isEqualTo("mug");
        }
        assertThat(virtual.invokeAny(List.<Callable<String>>of(Traced::query))).isEqualTo("mug");
      });
      assertQueriesAreChildrenOfTheRequest(6);
      assertThat(virtual.submit(Traced::hasContext).get(10, TimeUnit.SECONDS)).isFalse();
    }
  }

  @Test
  void threadOfVirtualAndStartVirtualThread() throws Exception {
    inRequest(() -> {
      Thread.ofVirtual().start(Traced::query).join();
      Thread.startVirtualThread(Traced::query).join();
      Thread unstarted = Thread.ofVirtual().name("unstarted").unstarted(Traced::query);
      unstarted.start();
      unstarted.join();
    });
    assertQueriesAreChildrenOfTheRequest(3);
    boolean[] seen = new boolean[1];
    Thread.ofVirtual().start(() -> seen[0] = hasContext()).join();
    assertThat(seen[0]).as("a virtual thread started outside any request").isFalse();
  }

  /** A virtual thread that parks (sleeps, waits for a lock) resumes on any carrier, still in its context. */
  @Test
  void contextSurvivesParkingAndRemounting() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    inRequest(() -> {
      lock.lock();
      Thread waiter;
      try {
        waiter = Thread.ofVirtual().start(() -> {
          query();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          lock.lock(); // parks until the request thread lets go
          try {
            query();
          } finally {
            lock.unlock();
          }
        });
        Thread.sleep(100);
      } finally {
        lock.unlock();
      }
      waiter.join(10_000);
    });
    assertQueriesAreChildrenOfTheRequest(2);
  }

  /** Many virtual threads from many requests: each query in its own request's trace. */
  @Test
  void manyVirtualThreadsInterleaved() throws Exception {
    int requests = 20;
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        inRequest(() -> virtual.submit(() -> {
          Thread.sleep(5);
          return query();
        }).get(10, TimeUnit.SECONDS));
      }
    }
    var spans = io.spanwise.testing.InProcessAgent.awaitExactly(2 * requests, java.time.Duration.ofSeconds(20));
    var servers = spans.stream().filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER).toList();
    var clients = spans.stream().filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT).toList();
    assertThat(servers).hasSize(requests);
    assertThat(clients).hasSize(requests);
    for (var server : servers) {
      assertThat(clients).filteredOn(c -> c.getParentSpanId().equals(server.getSpanId())).hasSize(1);
    }
  }

  /** A thread-per-task executor of platform threads (the same JDK class, started through its container). */
  @Test
  void threadPerTaskExecutorOfPlatformThreads() throws Exception {
    try (ExecutorService perTask = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
      inRequest(() -> assertThat(perTask.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug"));
      assertQueriesAreChildrenOfTheRequest(1);
    }
  }

  @Test
  void completableFutureOnVirtualThreads() throws Exception {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      inRequest(() -> {
        CompletableFuture<String> a = CompletableFuture.supplyAsync(Traced::query, virtual);
        CompletableFuture<String> b = CompletableFuture.supplyAsync(Traced::query, virtual);
        assertThat(a.thenCombine(b, String::concat).get(10, TimeUnit.SECONDS)).isEqualTo("mugmug");
      });
      assertQueriesAreChildrenOfTheRequest(2);
    }
  }
}
