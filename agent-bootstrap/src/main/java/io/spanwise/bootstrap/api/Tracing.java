package io.spanwise.bootstrap.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The library-neutral entry point advice calls: the current context and its hand-off between threads,
 * spans of a kind and a name, propagation through {@link HeaderGetter}/{@link HeaderSetter}, the current
 * trace and span ids, and failure reporting. Static methods so that inlined advice can reach them from any
 * class loader; they delegate to the {@link TracingBridge} the agent core installed. A library's own span
 * semantics are in its instrumentation module (its boot-side facade under
 * {@code io.spanwise.bootstrap.instrumentation}).
 */
public final class Tracing {
  private static volatile TracingBridge bridge = TracingBridge.NOOP;

  private Tracing() {}

  /** Called once by the agent core when it has built the SDK. */
  public static void install(TracingBridge implementation) {
    bridge = implementation == null ? TracingBridge.NOOP : implementation;
  }

  // ------------------------------------------------------------------ spans and propagation
  //
  // Library-neutral: a module whose spans need nothing but a kind, a name and a parent uses these; a
  // module with its own semantics (span names, attributes, state) has its own bridge next to its advice.

  /** Starts a span of {@code kind} named {@code name}, a child of the current context. Not made current. */
  public static ActiveSpan startSpan(SpanKind kind, String name) {
    return bridge.startSpan(kind, name, null);
  }

  /**
   * Starts a span of {@code kind} named {@code name}, a child of the context propagated in
   * {@code carrier} (a new trace when it has none). Not made current.
   */
  public static <C> ActiveSpan startSpan(SpanKind kind, String name, C carrier, HeaderGetter<C> getter) {
    Object parent = bridge.extract(carrier, getter);
    return bridge.startSpan(kind, name, parent == null ? TracingBridge.ROOT : parent);
  }

  /**
   * Writes the context of {@code span} into {@code carrier} with the configured propagators; for
   * {@link ActiveSpan#NOOP}, the current context.
   */
  public static <C> void inject(ActiveSpan span, C carrier, HeaderSetter<C> setter) {
    if (carrier != null) {
      bridge.inject(span, carrier, setter);
    }
  }

  /**
   * The context propagated in {@code carrier}, for {@link #attach}; null when it carries none. Repeated
   * header lines follow the W3C rules (two {@code traceparent} lines are invalid).
   */
  public static <C> Object extract(C carrier, HeaderGetter<C> getter) {
    return carrier == null ? null : bridge.extract(carrier, getter);
  }

  /** The current span's trace id (32 lowercase hex digits), or null when no span is current. */
  public static String currentTraceId() {
    return bridge.currentTraceId();
  }

  /** The current span's id (16 lowercase hex digits), or null when no span is current. */
  public static String currentSpanId() {
    return bridge.currentSpanId();
  }

  /** The current span's trace flags (2 hex digits, {@code 01} when sampled), or null when no span is current. */
  public static String currentTraceFlags() {
    return bridge.currentTraceFlags();
  }

  // ------------------------------------------------------------------ context across threads
  //
  // A context is the core's opaque object (OpenTelemetry's Context). Every method is free of
  // allocation and cheap when no context is current: advice calls them on every task hand-off.

  /** The context current on this thread, or null when none is (the root context). */
  public static Object currentContextOrNull() {
    return bridge.currentContextOrNull();
  }

  /** Makes {@code context} (from {@link #currentContextOrNull}) current until the scope is closed. */
  public static ContextScope attach(Object context) {
    return context == null ? ContextScope.NOOP : bridge.attach(context);
  }

  /**
   * A task is handed to another thread: remember the current context for it (weakly: the task is not
   * kept alive), unless none is current, the task already has one (the first hand-off wins), or this
   * thread is inside an executor's own machinery.
   */
  public static void rememberContext(Object task) {
    if (task != null) {
      bridge.rememberContext(task);
    }
  }

  /**
   * A pool's {@code execute(task)}: as {@link #rememberContext}, but when the same object is already
   * waiting to run with a context (a method reference or a lambda without captures is one object for
   * every call), this hand-off gets a wrapper of its own instead, so each run keeps its own context.
   */
  public static Runnable rememberOrWrap(Runnable task) {
    if (task == null || task instanceof ContextRunnable) {
      return task;
    }
    Object pending = bridge.rememberContext(task);
    return pending == null ? task : new ContextRunnable(task, pending);
  }

  /** {@code thread.start()}: as {@link #rememberContext}, skipping the JDK's own threads and pool workers. */
  public static void rememberContextForThread(Thread thread) {
    if (thread != null) {
      bridge.rememberContextForThread(thread);
    }
  }

  /**
   * The task starts running on this thread: makes the context remembered for it current and returns the
   * scope to close when it ends, or null when it has none. {@code keep} leaves it remembered (a completion
   * fired more than once), else it is forgotten, unless the task is a periodic scheduled task.
   */
  public static ContextScope resumeContext(Object task, boolean keep) {
    return task == null ? null : bridge.resumeContext(task, keep);
  }

  /** The task will not run (rejected, removed, drained): forget its context. */
  public static void forgetContext(Object task) {
    if (task != null) {
      bridge.forgetContext(task);
    }
  }

  /**
   * The context to carry with a task handed to an executor that cannot be instrumented where it runs the
   * task: the one remembered for it, else the current one; null for none (or inside executor machinery).
   */
  public static Object handOffContext(Object task) {
    return task == null ? null : bridge.handOffContext(task);
  }

  /** The task wrapped so that it runs in its hand-off context; the task itself when there is none. */
  public static Runnable wrap(Runnable task) {
    if (task == null || task instanceof ContextRunnable) {
      return task;
    }
    Object context = bridge.handOffContext(task);
    return context == null ? task : new ContextRunnable(task, context);
  }

  /** As {@link #wrap(Runnable)}. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    if (task == null || task instanceof ContextCallable) {
      return task;
    }
    Object context = bridge.handOffContext(task);
    return context == null ? task : new ContextCallable<>(task, context);
  }

  /**
   * {@code invokeAll}/{@code invokeAny}: the same tasks in the same order, wrapped; the collection
   * itself when there is no context (or it is null, or holds a null, which the executor reports).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static Collection wrapAll(Collection tasks) {
    if (tasks == null || tasks.isEmpty() || bridge.currentContextOrNull() == null) {
      return tasks;
    }
    List<Object> wrapped = new ArrayList<>(tasks.size());
    for (Object task : tasks) {
      if (!(task instanceof Callable)) {
        return tasks;
      }
      wrapped.add(wrap((Callable<?>) task));
    }
    return wrapped;
  }

  /**
   * Entering code of an executor that starts threads or submits work on its own behalf (a pool adding a
   * worker, a virtual thread rescheduling itself): nothing is remembered on this thread until
   * {@link #exitExecutorMachinery}. Returns whether it counted (only when a context is current).
   */
  public static boolean enterExecutorMachinery() {
    if (bridge.currentContextOrNull() == null) {
      return false;
    }
    machineryDepth().getAndIncrement();
    return true;
  }

  public static void exitExecutorMachinery(boolean entered) {
    if (entered) {
      machineryDepth().decrementAndGet();
    }
  }

  /** Whether this thread is inside executor machinery (see {@link #enterExecutorMachinery}). */
  public static boolean insideExecutorMachinery() {
    return machineryDepth().get() > 0;
  }

  /** {@link #attach} for the agent's own wrappers: a failure is reported, never thrown into the task. */
  static ContextScope attachSafely(Object context) {
    try {
      return attach(context);
    } catch (Throwable error) {
      adviceFailed(error);
      return ContextScope.NOOP;
    }
  }

  static void closeSafely(ContextScope scope) {
    try {
      scope.close();
    } catch (Throwable error) {
      adviceFailed(error);
    }
  }

  /** Keyed by {@code Executor}: one counter for all executor machinery on the thread. */
  static CallDepth machineryDepth() {
    return CallDepth.forKey(Executor.class);
  }

  /**
   * Called by the exception handler woven around every advice method: a bug in the agent is logged,
   * never thrown into the application.
   */
  public static void adviceFailed(Throwable error) {
    try {
      bridge.adviceFailed(error);
    } catch (Throwable ignored) {
      // reporting must never fail the application either
    }
  }
}
