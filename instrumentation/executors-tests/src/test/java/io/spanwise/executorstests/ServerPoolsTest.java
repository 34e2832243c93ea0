package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.inRequest;
import static io.spanwise.executorstests.Traced.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servers' own thread pools, as an application reaches them (Tomcat's executor, Jetty's pool). */
class ServerPoolsTest {
  @BeforeAll
  static void installAgent() {
    Traced.install();
  }

  @BeforeEach
  void reset() {
    Traced.reset();
  }

  /** Tomcat's ThreadPoolExecutor: a copy of the JDK's, not a subclass, with Tomcat's queue and threads. */
  @Test
  void tomcatThreadPoolExecutor() throws Exception {
    TaskQueue queue = new TaskQueue();
    ThreadPoolExecutor tomcat = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, queue,
        new TaskThreadFactory("tomcat-exec-", true, Thread.NORM_PRIORITY));
    queue.setParent(tomcat);
    try {
      inRequest(() -> {
        CountDownLatch done = new CountDownLatch(1);
        tomcat.execute(() -> {
          query();
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tomcat.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      });
      assertQueriesAreChildrenOfTheRequest(2);
      for (int i = 0; i < 3; i++) {
        assertThat(tomcat.submit(Traced::hasContext).get(10, TimeUnit.SECONDS)).isFalse();
      }
    } finally {
      tomcat.shutdownNow();
    }
  }

  @Test
  void jettyQueuedThreadPool() throws Exception {
    QueuedThreadPool jetty = new QueuedThreadPool(8, 2);
    jetty.start();
    try {
      inRequest(() -> {
        CountDownLatch done = new CountDownLatch(1);
        jetty.execute(() -> {
          query();
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(CompletableFuture.supplyAsync(Traced::query, jetty).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      });
      assertQueriesAreChildrenOfTheRequest(2);
      for (int i = 0; i < 3; i++) {
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        jetty.execute(() -> probe.complete(Traced.hasContext()));
        assertThat(probe.get(10, TimeUnit.SECONDS)).isFalse();
      }
    } finally {
      jetty.stop();
    }
  }
}
