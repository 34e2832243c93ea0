package io.spanwise.bootstrap.instrumentation.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;

/**
 * What the kafka advice and helpers call (defined in the bootstrap loader with the rest of the advice
 * API); delegates to the {@link KafkaBridge} the kafka module installed.
 */
public final class KafkaTracing {
  private static volatile KafkaBridge bridge = KafkaBridge.NOOP;

  private KafkaTracing() {}

  /** Called by the kafka module when it is installed; null uninstalls. */
  public static void install(KafkaBridge implementation) {
    bridge = implementation == null ? KafkaBridge.NOOP : implementation;
  }

  /**
   * Starts the PRODUCER span {@code "send {topic}"} of {@code KafkaProducer.send}, a child of the current
   * context. {@code partition} is the record's explicit partition (null when the partitioner chooses),
   * {@code key} the record's key (recorded only when it is a String). Not made current.
   */
  public static ActiveSpan startSendSpan(String topic, Integer partition, Object key, String clientId) {
    return bridge.startSend(topic, partition, key, clientId);
  }

  /**
   * Writes the context of {@code span} into a record's headers with the configured propagators, first
   * removing every header those propagators write (a re-sent record must not carry two
   * {@code traceparent}s): the setter must remove the header when given a null value. Does nothing when
   * {@code otel.instrumentation.kafka.producer-propagation.enabled=false}.
   */
  public static <C> void inject(ActiveSpan span, C headers, HeaderSetter<C> setter) {
    bridge.inject(span, headers, setter);
  }

  /**
   * Ends a send span when the broker acknowledged ({@code partition}/{@code offset} of the written record,
   * -1 when unknown) or failed the send ({@code error} marks it ERROR).
   */
  public static void endSendSpan(ActiveSpan span, int partition, long offset, Throwable error) {
    bridge.endSend(span, partition, offset, error);
  }

  /** A {@code KafkaConsumer} was built with this group (null for none) and client id. */
  public static void consumerCreated(Object consumer, String groupId, String clientId) {
    bridge.consumerCreated(consumer, groupId, clientId);
  }

  /**
   * A thread enters {@code consumer.poll} or {@code close}: the record span an abandoned iteration over
   * this consumer's records left open on this thread, and its batch's poll context, are ended and
   * closed. Returns the time (epoch nanoseconds) the poll started, for the batch-mode
   * {@code "poll {topic}"} span.
   */
  public static long pollStarting(Object consumer) {
    return bridge.pollStarting(consumer);
  }

  /**
   * {@code poll} returned {@code records} ({@code ConsumerRecords}, iterated as {@code recordList}):
   * remembers which consumer they came from, so that iterating them makes process spans; in batch mode
   * also ends a {@code "poll {topic}"} span linked to every record's producer and leaves its context
   * current on this thread until the next {@code poll} or {@code close}.
   */
  public static <R> void polled(Object consumer, Object records, Iterable<R> recordList, int count,
      KafkaRecordGetter<R> getter, long startEpochNanos) {
    bridge.polled(consumer, records, recordList, count, getter, startEpochNanos);
  }

  /**
   * What the core knows of the consumer that returned {@code records}, to hand to
   * {@link #startProcessSpan}; null when they did not come from an instrumented {@code poll} (the
   * application's own {@code ConsumerRecords}) and so get no process spans.
   */
  public static Object polledBy(Object records) {
    return records == null ? null : bridge.polledBy(records);
  }

  /**
   * A record is handed out by an iterator over polled records: starts its CONSUMER span
   * {@code "process {topic}"}, a child of the producer's context in its headers (a new trace when there
   * is none or it is invalid), and makes it current. Closing the returned scope ends the span; never null.
   */
  public static <R> ContextScope startProcessSpan(Object polledBy, R record, KafkaRecordGetter<R> getter) {
    return bridge.startProcess(polledBy, record, getter);
  }

  // ------------------------------------------------------------ listener containers (Spring Kafka)

  /**
   * A listener container is about to hand polled {@code records} to its listener on this thread: they are
   * taken over from iteration tracing (iterating them makes no process spans any more: the container's
   * own loops and copies would each make some), and this thread remembers which consumer they came from
   * for {@link #startListenerRecordSpan} and {@link #startListenerBatchSpan}. Returns what to hand to
   * {@link #listenerDone} when the container is done with them.
   */
  public static Object listenerStarting(Object consumer, Object records) {
    return bridge.listenerStarting(consumer, records);
  }

  /** The container is done with the records of the matching {@link #listenerStarting}. */
  public static void listenerDone(Object previous) {
    bridge.listenerDone(previous);
  }

  /**
   * A record listener is about to handle {@code record}: its CONSUMER span {@code "process {topic}"}, a
   * child of the producer's context in its headers (a new trace without one). Not current: the advice
   * activates it and ends it when the container is done with the record.
   */
  public static <R> ActiveSpan startListenerRecordSpan(R record, KafkaRecordGetter<R> getter) {
    return bridge.startListenerRecord(record, getter);
  }

  /**
   * The listener threw while handling the record of the listener span open on this thread (the container
   * catches it and hands it to its error handler): recorded on that span, which ends ERROR.
   */
  public static void listenerFailed(Throwable error) {
    bridge.listenerFailed(error);
  }

  /**
   * A batch listener is about to handle {@code records} (iterated as {@code recordList}): one CONSUMER
   * span {@code "process {topic}"} for the batch, linked to every record's producer span, and for each
   * record with a producer context a {@code "process {topic}"} span in the producer's trace, linked to
   * the batch span and ended with it. The batch span continues the producers' trace when every record
   * comes from one trace; otherwise it is a child of the current context. Not current: the advice
   * activates it; {@code end(error)} ends the batch span and the records' spans.
   */
  public static <R> ActiveSpan startListenerBatchSpan(Object records, Iterable<R> recordList,
      KafkaRecordGetter<R> getter) {
    return bridge.startListenerBatch(records, recordList, getter);
  }
}
