package io.spanwise.core.trace;

import io.spanwise.instrumentation.spi.WeakKeyMap;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RunnableScheduledFuture;

/**
 * The contexts that travel with tasks from the thread that hands them over to the thread that runs them.
 * Keyed weakly by the task object itself (its identity, never {@code equals}): a task that never runs is
 * collected with its entry, and the application's objects stay what they were (no wrapper, no field).
 *
 * <p>Costs nothing when no context is current: nothing is remembered, and looking a task up when nothing
 * is remembered at all is one size check.
 */
final class TaskContexts {
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private final WeakKeyMap<Object, Context> byTask = new WeakKeyMap<>();

  /** The current context, or null for the root one. */
  static Context current() {
    Context context = Context.current();
    return context == Context.root() ? null : context;
  }

  static ContextScope attach(Object context) {
    if (!(context instanceof Context)) {
      return ContextScope.NOOP;
    }
    Scope scope = ((Context) context).makeCurrent();
    return scope::close;
  }

  /** What may be handed over now: the current context, unless inside executor machinery. */
  private static Context handOverable() {
    Context context = current();
    if (context == null || Tracing.insideExecutorMachinery()) {
      return null;
    }
    return context;
  }

  /** Null when remembered or nothing to remember; the context when the task already has one waiting. */
  Object remember(Object task) {
    Context context = handOverable();
    if (context == null || byTask.putIfAbsent(task, context) == null) {
      return null;
    }
    return context;
  }

  void rememberForThread(Thread thread) {
    Context context = handOverable();
    if (context != null && !isJdkWorker(thread)) {
      byTask.putIfAbsent(thread, context);
    }
  }

  /**
   * Threads of the JDK itself (a {@code ForkJoinPool} worker, the common cleaner, an HTTP client's
   * selector...) are started on behalf of the JDK, often lazily inside some request: they must not run
   * their whole life in it. Plain {@code Thread}s, virtual threads and the application's own subclasses do
   * inherit the context.
   */
  private static boolean isJdkWorker(Thread thread) {
    Class<?> type = thread.getClass();
    if (type == Thread.class) {
      return false;
    }
    if (thread instanceof ForkJoinWorkerThread) {
      return true;
    }
    ClassLoader loader = type.getClassLoader();
    if (loader != null && loader != PLATFORM) {
      return false;
    }
    String name = type.getName();
    return !name.equals("java.lang.VirtualThread") && !name.equals("java.lang.ThreadBuilders$BoundVirtualThread");
  }

  ContextScope resume(Object task, boolean keep) {
    if (byTask.approximateSize() == 0) {
      return null;
    }
    Context context = byTask.getIfPresent(task);
    if (context == null) {
      return null;
    }
    if (!keep && !isPeriodic(task)) {
      byTask.remove(task);
    }
    Scope scope = context.makeCurrent();
    return scope::close;
  }

  /**
   * Whether a class is a scheduled task at all, cached: an {@code instanceof} test of an interface a class
   * does not implement takes a slow path in HotSpot (~13 ns, measured), on every task a pool runs.
   */
  private static final ClassValue<Boolean> SCHEDULED = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return RunnableScheduledFuture.class.isAssignableFrom(type);
    }
  };

  /** A periodic scheduled task is the same object run after run: it keeps its context. */
  private static boolean isPeriodic(Object task) {
    return SCHEDULED.get(task.getClass()) && ((RunnableScheduledFuture<?>) task).isPeriodic();
  }

  void forget(Object task) {
    if (byTask.approximateSize() != 0) {
      byTask.remove(task);
    }
  }

  Object handOff(Object task) {
    Context remembered = byTask.approximateSize() == 0 ? null : byTask.getIfPresent(task);
    Context context = remembered != null ? remembered : current();
    if (context == null || Tracing.insideExecutorMachinery()) {
      return null;
    }
    return context;
  }

  /** For tests: how many tasks have a context remembered (stale entries of collected tasks included). */
  int approximateSize() {
    return byTask.size();
  }
}
