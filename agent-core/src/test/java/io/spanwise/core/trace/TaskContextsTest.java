package io.spanwise.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskContextsTest {
  private static final ContextKey<String> REQUEST = ContextKey.named("request");

  private final TaskContexts contexts = new TaskContexts();

  private static Scope inRequest(String name) {
    return Context.root().with(REQUEST, name).makeCurrent();
  }

  /** Resumes the task's context on another thread and reports what it saw. */
  private String resumedElsewhere(Object task, boolean keep) throws Exception {
    AtomicReference<String> seen = new AtomicReference<>("not run");
    Thread other = new Thread(() -> {
      ContextScope scope = contexts.resume(task, keep);
      try {
        seen.set(Context.current().get(REQUEST));
      } finally {
        if (scope != null) {
          scope.close();
        }
      }
      if (Context.current() != Context.root()) {
        seen.set("left behind: " + Context.current());
      }
    });
    other.start();
    other.join();
    return seen.get();
  }

  @Test
  void nothingIsRememberedWithoutACurrentContext() throws Exception {
    Object task = new Object();
    assertThat(TaskContexts.current()).isNull();
    assertThat(contexts.remember(task)).isNull();
    assertThat(contexts.approximateSize()).isZero();
    assertThat(contexts.resume(task, false)).isNull();
  }

  @Test
  void aTaskRunsInTheContextItWasHandedOverInOnce() throws Exception {
    Object task = new Object();
    try (Scope ignored = inRequest("a")) {
      assertThat(contexts.remember(task)).isNull();
    }
    assertThat(resumedElsewhere(task, false)).isEqualTo("a");
    assertThat(resumedElsewhere(task, false)).isNull(); // forgotten after its run
  }

  @Test
  void keptContextsServeEveryRun() throws Exception {
    Object stage = new Object();
    try (Scope ignored = inRequest("a")) {
      contexts.remember(stage);
    }
    assertThat(resumedElsewhere(stage, true)).isEqualTo("a");
    assertThat(resumedElsewhere(stage, true)).isEqualTo("a");
  }

  @Test
  void aPeriodicScheduledTaskKeepsItsContext() throws Exception {
    Periodic task = new Periodic();
    try (Scope ignored = inRequest("a")) {
      contexts.remember(task);
    }
    assertThat(resumedElsewhere(task, false)).isEqualTo("a");
    assertThat(resumedElsewhere(task, false)).isEqualTo("a");
    contexts.forget(task);
    assertThat(resumedElsewhere(task, false)).isNull();
  }

  /** The first hand-off wins; a second one is told the context it could not remember. */
  @Test
  void theFirstHandOffWinsAndTheSecondIsToldSo() throws Exception {
    Object task = new Object();
    try (Scope ignored = inRequest("a")) {
      contexts.remember(task);
    }
    try (Scope ignored = inRequest("b")) {
      Object pending = contexts.remember(task);
      assertThat(pending).isInstanceOf(Context.class);
      assertThat(((Context) pending).get(REQUEST)).isEqualTo("b");
      assertThat(contexts.handOff(task)).isSameAs(contexts.handOff(task));
      assertThat(((Context) contexts.handOff(task)).get(REQUEST)).isEqualTo("a");
    }
    assertThat(resumedElsewhere(task, false)).isEqualTo("a");
  }

  @Test
  void insideExecutorMachineryNothingIsHandedOver() throws Exception {
    Object task = new Object();
    Tracing.install(new CoreTracingBridge(TracerProvider.noop().get("test"), ContextPropagators.noop()));
    try (Scope ignored = inRequest("a")) {
      boolean entered = Tracing.enterExecutorMachinery();
      assertThat(entered).isTrue();
      try {
        contexts.remember(task);
        assertThat(contexts.handOff(task)).isNull();
      } finally {
        Tracing.exitExecutorMachinery(entered);
      }
      assertThat(Tracing.insideExecutorMachinery()).isFalse();
    } finally {
      Tracing.install(null);
    }
    assertThat(contexts.approximateSize()).isZero();
  }

  @Test
  void threadsOfTheJdkDoNotInheritTheContext() throws ExecutionException, InterruptedException {
    ForkJoinWorkerThread[] worker = new ForkJoinWorkerThread[1];
    ForkJoinPool pool = new ForkJoinPool(1, p -> worker[0] = new ForkJoinWorkerThread(p) {}, null, false);
    pool.submit(() -> {}).get();
    try (Scope ignored = inRequest("a")) {
      contexts.rememberForThread(worker[0]);
      contexts.rememberForThread(new Thread(() -> {}));
      contexts.rememberForThread(new Thread(() -> {}) {});
    }
    assertThat(contexts.approximateSize()).isEqualTo(2); // the plain thread and the application's subclass
    pool.shutdownNow();
  }

  static final class Periodic implements RunnableScheduledFuture<Void> {
    @Override
    public boolean isPeriodic() {
      return true;
    }

    @Override
    public void run() {}

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public Void get() {
      return null;
    }

    @Override
    public Void get(long timeout, TimeUnit unit) {
      return null;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return 0;
    }
  }
}
