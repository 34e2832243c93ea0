package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.instrumentation.http.HttpServerRequestGetter;
import io.spanwise.bootstrap.instrumentation.http.HttpServerTracing;
import io.spanwise.bootstrap.api.TaskRunner;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.core.config.Config;
import io.spanwise.core.sdk.AgentSdk;
import io.spanwise.core.sdk.SdkFactory;
import io.spanwise.core.trace.AgentInstrumentationContext;
import io.spanwise.core.trace.CoreTracingBridge;
import io.spanwise.instrumentation.support.http.HttpServerTracer;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What carrying the context costs per {@code execute}, against the same executor without it, with and
 * without a span current on the submitting thread.
 *
 * <p>JMH runs the benchmark in a forked JVM of its own, where the agent is not attached; the benchmark
 * installs the agent's real bridge ({@code CoreTracingBridge} over the SDK) and calls, around a plain
 * executor, exactly what the woven code calls: for a JDK pool {@code Tracing.rememberContext(task)} on
 * submission and the resume/close of {@code TaskRunner} around the run (here in {@code beforeExecute}/
 * {@code afterExecute}, since {@code runWorker} cannot be rewritten without the agent); for any other
 * executor the {@code Tracing.wrap(task)} wrapper.
 *
 * <ul>
 *   <li>{@code direct*}: an executor that runs the task on the calling thread, so that only the machinery is
 *       measured (no hand-off between threads).
 *   <li>{@code pool*}: a one-thread {@code ThreadPoolExecutor}; one operation is one task submitted and
 *       run, averaged over batches of {@value #BATCH} (the hand-off between threads dominates).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExecutorPropagationBenchmark {
  static final int BATCH = 1000;

  /** The agent's bridge, installed once per fork. */
  @State(Scope.Benchmark)
  public static class Agent {
    AgentSdk sdk;

    @Setup(Level.Trial)
    public void install() {
      Config config = Config.of(Map.of("otel.traces.exporter", "none"), Map.of());
      sdk = SdkFactory.create(config, null);
      Tracing.install(new CoreTracingBridge(sdk.tracer(), sdk.propagators()));
      HttpServerTracing.install(new HttpServerTracer(new AgentInstrumentationContext(sdk.tracer(), sdk.propagators(), config)));
    }

    @TearDown(Level.Trial)
    public void uninstall() {
      Tracing.install(null);
      HttpServerTracing.install(null);
      sdk.shutdown();
    }
  }

  /** The submitting thread: with a request span current, or not. */
  @State(Scope.Thread)
  public static class Caller {
    @Param({"false", "true"})
    public boolean spanCurrent;

    ActiveSpan span;
    ContextScope scope;
    final AtomicInteger runs = new AtomicInteger();
    final Runnable task = runs::incrementAndGet;

    @Setup(Level.Trial)
    public void enter(Agent agent) {
      if (spanCurrent) {
        span = HttpServerTracing.startSpan(REQUEST, "request");
        scope = span.makeCurrent();
      }
    }

    @TearDown(Level.Trial)
    public void leave() {
      if (scope != null) {
        scope.close();
        span.end();
      }
    }
  }

  /** One-thread pools: a plain one, and one that resumes remembered contexts as the woven pool does. */
  @State(Scope.Benchmark)
  public static class Pools {
    ThreadPoolExecutor plain;
    ThreadPoolExecutor agent;

    @Setup(Level.Trial)
    public void start(Agent agent) {
      plain = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
      this.agent = new ResumingPool();
    }

    @TearDown(Level.Trial)
    public void stop() {
      plain.shutdownNow();
      agent.shutdownNow();
    }
  }

  @Benchmark
  public int directPlain(Agent agent, Caller caller) {
    DIRECT.execute(caller.task);
    return caller.runs.get();
  }

  /** A JDK pool's woven code: remember on submission, TaskRunner's resume around the run. */
  @Benchmark
  public int directWithJdkPoolMachinery(Agent agent, Caller caller) {
    Tracing.rememberContext(caller.task);
    DIRECT_RESUMING.execute(caller.task);
    return caller.runs.get();
  }

  /** Only the submission side of a JDK pool's woven code. */
  @Benchmark
  public int partRemember(Agent agent, Caller caller) {
    Tracing.rememberContext(caller.task);
    DIRECT.execute(caller.task);
    return caller.runs.get();
  }

  /** Only the run side of a JDK pool's woven code. */
  @Benchmark
  public int partResume(Agent agent, Caller caller) {
    DIRECT_RESUMING.execute(caller.task);
    return caller.runs.get();
  }

  /** Any other executor: the task wrapped (only when a context is current) and run through the wrapper. */
  @Benchmark
  public int directWithWrapper(Agent agent, Caller caller) {
    DIRECT.execute(Tracing.wrap(caller.task));
    return caller.runs.get();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int poolPlain(Caller caller, Pools pools) throws InterruptedException {
    return runBatch(pools.plain, false);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int poolWithJdkPoolMachinery(Caller caller, Pools pools) throws InterruptedException {
    return runBatch(pools.agent, true);
  }

  /** Submits a batch of tasks and waits (blocked, not spinning: two cores only) until all have run. */
  private static int runBatch(ThreadPoolExecutor pool, boolean remember) throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(BATCH);
    for (int i = 0; i < BATCH; i++) {
      Runnable task = ran::countDown;
      if (remember) {
        Tracing.rememberContext(task);
      }
      pool.execute(task);
    }
    ran.await();
    return BATCH;
  }

  /** Runs the task on the calling thread. */
  private static final Executor DIRECT = Runnable::run;

  /** The same, through what the woven pool's worker loop calls. */
  private static final Executor DIRECT_RESUMING = TaskRunner::run;

  /**
   * The pool as the agent leaves it: the woven {@code runWorker} calls {@code TaskRunner.run(task)}, which
   * resumes the context remembered for the task and closes it after; done here in the two hooks around
   * the task, with the same bridge calls.
   */
  static final class ResumingPool extends ThreadPoolExecutor {
    private ContextScope scope; // one worker thread

    ResumingPool() {
      super(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
      scope = Tracing.resumeContext(task, false);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable error) {
      if (scope != null) {
        scope.close();
        scope = null;
      }
    }
  }

  static final HttpServerRequestGetter<String> REQUEST = new HttpServerRequestGetter<>() {
    @Override
    public Iterator<String> getAll(String request, String name) {
      return Collections.emptyIterator();
    }

    @Override
    public String method(String request) {
      return "GET";
    }

    @Override
    public String scheme(String request) {
      return "http";
    }

    @Override
    public String serverAddress(String request) {
      return "localhost";
    }

    @Override
    public int serverPort(String request) {
      return 8080;
    }

    @Override
    public String path(String request) {
      return "/";
    }

    @Override
    public String query(String request) {
      return null;
    }

    @Override
    public String route(String request) {
      return "/";
    }

    @Override
    public String clientAddress(String request) {
      return "127.0.0.1";
    }

    @Override
    public String userAgent(String request) {
      return "jmh";
    }

    @Override
    public String protocolVersion(String request) {
      return "1.1";
    }
  };
}
