package io.spanwise.bootstrap.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The entry point advice calls. Static methods so that inlined advice can reach them from any class
 * loader; they delegate to the {@link TracingBridge} the agent core installed.
 */
public final class Tracing {
  private static volatile TracingBridge bridge = TracingBridge.NOOP;

  private Tracing() {}

  /** Called once by the agent core when it has built the SDK. */
  public static void install(TracingBridge implementation) {
    bridge = implementation == null ? TracingBridge.NOOP : implementation;
  }

  public static <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
    return bridge.startHttpServerSpan(getter, request);
  }

  public static void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {
    bridge.endHttpServerSpan(span, statusCode, error);
  }

  /** A CLIENT span for one JDBC call; {@code sql} null means the prepared statement's own SQL. */
  public static ActiveSpan startJdbcSpan(Object statement, String sql) {
    return bridge.startJdbcSpan(statement, sql);
  }

  /** A CLIENT span for {@code executeBatch}/{@code executeLargeBatch} of the batch built so far. */
  public static ActiveSpan startJdbcBatchSpan(Object statement) {
    return bridge.startJdbcBatchSpan(statement);
  }

  public static void endJdbcSpan(ActiveSpan span, Throwable error) {
    bridge.endJdbcSpan(span, error);
  }

  /** Remembers the SQL of a statement returned by {@code Connection.prepareStatement/prepareCall}. */
  public static void jdbcStatementPrepared(Object statement, String sql) {
    bridge.jdbcStatementPrepared(statement, sql);
  }

  /** Records one {@code addBatch}: {@code sql} for {@code Statement.addBatch(sql)}, null for a prepared one. */
  public static void jdbcBatchAdded(Object statement, String sql) {
    bridge.jdbcBatchAdded(statement, sql);
  }

  public static void jdbcBatchCleared(Object statement) {
    bridge.jdbcBatchCleared(statement);
  }

  // ------------------------------------------------------------------ outgoing HTTP

  /**
   * Starts a CLIENT span for an outgoing HTTP request, a child of the current context, and returns it; null
   * when no span is to be made: another HTTP client call is already in progress in this context (a client
   * layered on another gives one span) or the call is the agent's own export. A span that is not sampled
   * is still returned: its context must be propagated.
   *
   * @param method the request method
   * @param uri the request URI, absolute; credentials and sensitive query values are redacted by the core
   */
  public static ActiveSpan startHttpClientSpan(String method, java.net.URI uri) {
    return bridge.startHttpClientSpan(method, uri);
  }

  /**
   * The propagation headers naming {@code span} as parent ({@code traceparent}, {@code tracestate},
   * {@code baggage}, per the configured propagators) as name/value pairs, {@code [name0, value0, name1,
   * ...]}. The advice sets them on the request, except a header the application set itself: that one is
   * sent as the application wrote it (once).
   */
  public static String[] httpClientHeaders(ActiveSpan span) {
    return bridge.httpClientHeaders(span);
  }

  /**
   * For the JDK {@code HttpClient}, whose {@code java.net.http.HttpRequest} is immutable: a request equal
   * to {@code request} with the propagation headers of {@code span} set (typed Object: the bootstrap
   * loader cannot see {@code java.net.http}). The request itself when there is nothing to add.
   */
  public static Object httpClientRequestWithHeaders(ActiveSpan span, Object request) {
    return bridge.httpClientRequestWithHeaders(span, request);
  }

  /**
   * Ends an HTTP CLIENT span: the status code when positive (4xx and 5xx are errors), else the error
   * (recorded as an exception event, type in {@code error.type}).
   */
  public static void endHttpClientSpan(ActiveSpan span, int statusCode, Throwable error) {
    bridge.endHttpClientSpan(span, statusCode, error);
  }

  /**
   * Ends the span when {@code future} (of a JDK {@code HttpClient.sendAsync}, holding an
   * {@code HttpResponse}) completes, with its status or failure. The future is not replaced.
   */
  public static void endHttpClientSpanWhenDone(ActiveSpan span, java.util.concurrent.CompletableFuture<?> future) {
    bridge.endHttpClientSpanWhenDone(span, future);
  }

  /**
   * The span an {@code HttpURLConnection} is in, when one was started by an earlier call on it
   * ({@code connect}, {@code getOutputStream}) and has not ended; null otherwise.
   */
  public static ActiveSpan httpUrlConnectionSpan(java.net.HttpURLConnection connection) {
    return bridge.httpUrlConnectionSpan(connection);
  }

  /**
   * Starts the span of an {@code HttpURLConnection} that is not connected yet, sets the propagation
   * headers on it and remembers the span for the connection's later calls (weakly). Null as
   * {@link #startHttpClientSpan}.
   */
  public static ActiveSpan startHttpUrlConnectionSpan(java.net.HttpURLConnection connection) {
    return bridge.startHttpUrlConnectionSpan(connection);
  }

  /** Ends the span of an {@code HttpURLConnection} (see {@link #endHttpClientSpan}) and forgets it. */
  public static void endHttpUrlConnectionSpan(
      java.net.HttpURLConnection connection, ActiveSpan span, int statusCode, Throwable error) {
    bridge.endHttpUrlConnectionSpan(connection, span, statusCode, error);
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
   * A JDBC {@code Statement} or {@code Connection} was closed: what the agent remembered about it is
   * dropped now rather than when the garbage collector clears it.
   */
  public static void jdbcClosed(Object statementOrConnection) {
    bridge.jdbcClosed(statementOrConnection);
  }

  // ------------------------------------------------------------------ messaging: Kafka
  //
  // Kafka's producer and consumer spans (instrumentation/kafka). Kept in one section so that other
  // messaging or generic propagation API can be added next to it without touching these methods.

  /**
   * Starts the PRODUCER span {@code "send {topic}"} of {@code KafkaProducer.send}, a child of the current
   * context. {@code partition} is the record's explicit partition (null when the partitioner chooses),
   * {@code key} the record's key (recorded only when it is a String). Not made current.
   */
  public static ActiveSpan startKafkaSendSpan(String topic, Integer partition, Object key, String clientId) {
    return bridge.startKafkaSendSpan(topic, partition, key, clientId);
  }

  /**
   * Writes the context of {@code span} into a record's headers with the configured propagators, first
   * removing every header those propagators write (a re-sent record must not carry two
   * {@code traceparent}s): the setter must remove the header when given a null value. Does nothing when
   * {@code otel.instrumentation.kafka.producer-propagation.enabled=false}.
   */
  public static <C> void injectKafkaHeaders(ActiveSpan span, C headers, HeaderSetter<C> setter) {
    bridge.injectKafkaHeaders(span, headers, setter);
  }

  /**
   * Ends a send span when the broker acknowledged ({@code partition}/{@code offset} of the written record,
   * -1 when unknown) or failed the send ({@code error} marks it ERROR).
   */
  public static void endKafkaSendSpan(ActiveSpan span, int partition, long offset, Throwable error) {
    bridge.endKafkaSendSpan(span, partition, offset, error);
  }

  /** A {@code KafkaConsumer} was built with this group (null for none) and client id. */
  public static void kafkaConsumerCreated(Object consumer, String groupId, String clientId) {
    bridge.kafkaConsumerCreated(consumer, groupId, clientId);
  }

  /**
   * A thread enters {@code consumer.poll} or {@code close}: the record span an abandoned iteration over
   * this consumer's records left open on this thread, and its batch's poll context, are ended and
   * closed. Returns the time (epoch nanoseconds) the poll started, for the batch-mode
   * {@code "poll {topic}"} span.
   */
  public static long kafkaPollStarting(Object consumer) {
    return bridge.kafkaPollStarting(consumer);
  }

  /**
   * {@code poll} returned {@code records} ({@code ConsumerRecords}, iterated as {@code recordList}):
   * remembers which consumer they came from, so that iterating them makes process spans; in batch mode
   * also ends a {@code "poll {topic}"} span linked to every record's producer and leaves its context
   * current on this thread until the next {@code poll} or {@code close}.
   */
  public static <R> void kafkaPolled(Object consumer, Object records, Iterable<R> recordList, int count,
      KafkaRecordGetter<R> getter, long startEpochNanos) {
    bridge.kafkaPolled(consumer, records, recordList, count, getter, startEpochNanos);
  }

  /**
   * What the core knows of the consumer that returned {@code records}, to hand to
   * {@link #startKafkaProcessSpan}; null when they did not come from an instrumented {@code poll} (the
   * application's own {@code ConsumerRecords}) and so get no process spans.
   */
  public static Object kafkaPolledBy(Object records) {
    return records == null ? null : bridge.kafkaPolledBy(records);
  }

  /**
   * A record is handed out by an iterator over polled records: starts its CONSUMER span
   * {@code "process {topic}"}, a child of the producer's context in its headers (a new trace when there
   * is none or it is invalid), and makes it current. Closing the returned scope ends the span; never null.
   */
  public static <R> ContextScope startKafkaProcessSpan(Object polledBy, R record, KafkaRecordGetter<R> getter) {
    return bridge.startKafkaProcessSpan(polledBy, record, getter);
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
