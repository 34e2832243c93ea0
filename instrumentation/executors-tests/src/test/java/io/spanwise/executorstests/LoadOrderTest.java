package io.spanwise.executorstests;

import static io.spanwise.executorstests.Traced.assertQueriesAreChildrenOfTheRequest;
import static io.spanwise.executorstests.Traced.inRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.testing.FreshClassLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Application executors are woven whatever order their classes are loaded in. Each case loads Tomcat's
 * pool and the application's executors ({@code org.example.executorsapp}) in a class loader of its own,
 * where nothing was loaded before, in the order the case says; then work handed to each executor inside
 * a request must run in the request (its query a child of the request span), and leave the worker
 * without a context.
 */
class LoadOrderTest {
  /** Subclasses that load their executor supertypes: an application's and a server's. */
  private static final String[] SUBCLASSES = {
      "org.example.executorsapp.AppExecutor", // loads WorkQueueExecutor, which declares execute
      "org.example.executorsapp.AppTomcatPool", // loads org.apache.tomcat.util.threads.ThreadPoolExecutor
  };
  private static final String[] SUPERTYPES = {
      "org.example.executorsapp.WorkQueueExecutor",
      "org.apache.tomcat.util.threads.ThreadPoolExecutor",
  };

  private static FreshClassLoader loadedBeforeTheAgent;

  @BeforeAll
  static void loadSomeClassesThenInstallTheAgent() {
    loadedBeforeTheAgent = freshLoader("before-agent");
    loadedBeforeTheAgent.loadInOrder(SUBCLASSES);
    Traced.install();
  }

  @Test
  void subclassesLoadTheirExecutorSupertypesFirst() throws Exception {
    FreshClassLoader loader = freshLoader("subclass-first");
    loader.loadInOrder(SUBCLASSES);
    assertHandOffsRunInTheRequest(loader);
  }

  @Test
  void executorSupertypesLoadedBeforeTheirSubclasses() throws Exception {
    FreshClassLoader loader = freshLoader("supertype-first");
    loader.loadInOrder(SUPERTYPES);
    loader.loadInOrder(SUBCLASSES);
    assertHandOffsRunInTheRequest(loader);
  }

  @Test
  void subclassesAndSupertypesLoadedFromEightThreadsAtOnce() throws Exception {
    FreshClassLoader loader = freshLoader("concurrent");
    loader.loadConcurrently(8, Stream.concat(Stream.of(SUBCLASSES), Stream.of(SUPERTYPES)).toArray(String[]::new));
    assertHandOffsRunInTheRequest(loader);
  }

  /** Loaded before the agent was installed in this JVM: woven by retransformation. */
  @Test
  void classesLoadedBeforeTheAgentStarted() throws Exception {
    assertHandOffsRunInTheRequest(loadedBeforeTheAgent);
  }

  private static FreshClassLoader freshLoader(String name) {
    return FreshClassLoader.over(name, "org.apache.tomcat.util.threads.ThreadPoolExecutor",
        "org.example.executorsapp.AppExecutor");
  }

  private static void assertHandOffsRunInTheRequest(FreshClassLoader loader) throws Exception {
    assertThat(loader.load("org.apache.tomcat.util.threads.ThreadPoolExecutor").getClassLoader())
        .as("Tomcat is the fresh loader's own").isSameAs(loader);
    Executor app = loader.newInstance("org.example.executorsapp.AppExecutor", Executor.class);
    ExecutorService tomcat = loader.newInstance("org.example.executorsapp.AppTomcatPool", ExecutorService.class);
    try {
      Traced.reset();
      inRequest(() -> {
        CountDownLatch done = new CountDownLatch(1);
        app.execute(() -> {
          Traced.query();
          done.countDown();
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tomcat.submit(Traced::query).get(10, TimeUnit.SECONDS)).isEqualTo("mug");
      });
      assertQueriesAreChildrenOfTheRequest(2);

      CountDownLatch checked = new CountDownLatch(1);
      boolean[] context = new boolean[1];
      app.execute(() -> {
        context[0] = Traced.hasContext();
        checked.countDown();
      });
      assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(context[0]).as("context left on the application executor's worker").isFalse();
      assertThat(tomcat.submit(Traced::hasContext).get(10, TimeUnit.SECONDS)).as("context left on Tomcat's worker")
          .isFalse();
    } finally {
      tomcat.shutdownNow();
      ((AutoCloseable) app).close();
    }
  }
}
