package io.spanwise.instrumentation.kafka.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaBridge;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaRecordGetter;
import io.spanwise.instrumentation.spi.AgentFieldMap;
import io.spanwise.instrumentation.spi.AgentSpan;
import io.spanwise.instrumentation.spi.InstrumentationConfig;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.LinkedContext;
import io.spanwise.instrumentation.support.SpanNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka messaging spans per the OpenTelemetry semantic conventions (messaging, stable names).
 *
 * <ul>
 *   <li>PRODUCER {@code "send {topic}"}: child of the current context; its context goes into the record's
 *       headers; it ends when the broker acknowledges or fails the send.
 *   <li>CONSUMER {@code "process {topic}"}: one per record an iterator over polled records hands out, a
 *       child of the producer's context read from the record's headers (a new trace without one), current
 *       while the application handles the record.
 *   <li>Batch mode only: CONSUMER {@code "poll {topic}"} for each {@code poll} that returned records, with
 *       one link per record to its producer; its context stays current on the polling thread until the
 *       next {@code poll}, so work done on the batch as a whole is in its trace. Process spans then also
 *       link to it.
 * </ul>
 */
public final class KafkaTracer implements KafkaBridge {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");

  /** {@code spanwise.kafka.consumer-mode}: {@value #RECORD} (default) or {@value #BATCH}. */
  static final String CONSUMER_MODE = "spanwise.kafka.consumer-mode";
  static final String RECORD = "record";
  static final String BATCH = "batch";

  private final Tracer tracer;
  private final InstrumentationContext context;
  private final TextMapPropagator propagator;
  private final boolean propagation;
  private final boolean batch;
  private final SpanNames sendNames = new SpanNames("send ");
  private final SpanNames processNames = new SpanNames("process ");
  private final SpanNames pollNames = new SpanNames("poll ");
  // In the objects' agent fields (weak identity maps for classes without one): a consumer, or a poll's
  // records, is never kept alive by the agent.
  private final AgentFieldMap<ConsumerInfo> consumers = new AgentFieldMap<>(ConsumerInfo.class);
  private final AgentFieldMap<Polled> polled = new AgentFieldMap<>(Polled.class);
  private final ThreadLocal<ConsumerThread> consumerThreads = ThreadLocal.withInitial(ConsumerThread::new);
  private final ThreadLocal<Listener> listeners = new ThreadLocal<>();

  public KafkaTracer(InstrumentationContext context, boolean propagation, boolean batch) {
    this.tracer = context.tracer();
    this.context = context;
    this.propagator = context.propagators().getTextMapPropagator();
    this.propagation = propagation;
    this.batch = batch;
  }

  /** {@code otel.instrumentation.kafka.producer-propagation.enabled}, as the OpenTelemetry agent reads it. */
  public static boolean producerPropagation(InstrumentationConfig config) {
    return config.getBoolean("otel.instrumentation.kafka.producer-propagation.enabled", true);
  }

  /**
   * Batch mode: {@code spanwise.kafka.consumer-mode=batch}; when that is not set, the OpenTelemetry
   * agent's {@code otel.instrumentation.messaging.experimental.receive-telemetry.enabled=true} (receive
   * spans) turns it on too.
   */
  public static boolean batchMode(InstrumentationConfig config) {
    boolean receiveTelemetry =
        config.getBoolean("otel.instrumentation.messaging.experimental.receive-telemetry.enabled", false);
    return BATCH.equals(config.getChoice(CONSUMER_MODE, receiveTelemetry ? BATCH : RECORD, RECORD, BATCH));
  }

  // ---------------------------------------------------------------- producer

  @Override
  public ActiveSpan startSend(String topic, Integer partition, Object key, String clientId) {
    Context parent = Context.current();
    SpanBuilder builder = tracer.spanBuilder(sendNames.of(topic)).setSpanKind(SpanKind.PRODUCER)
        .setParent(parent)
        .setAttribute(SYSTEM, "kafka")
        .setAttribute(OPERATION_TYPE, "send")
        .setAttribute(OPERATION_NAME, "send");
    setIfPresent(builder, DESTINATION, topic);
    if (partition != null) {
      builder.setAttribute(PARTITION, partition.toString());
    }
    if (key instanceof String) {
      builder.setAttribute(MESSAGE_KEY, (String) key);
    }
    setIfPresent(builder, CLIENT_ID, clientId);
    return new AgentSpan(builder.startSpan(), parent);
  }

  @Override
  public <C> void inject(ActiveSpan span, C headers, HeaderSetter<C> setter) {
    if (!propagation || !(span instanceof AgentSpan) || headers == null) {
      return;
    }
    // Stale fields first (a forwarded or re-sent record): the propagators may not write them all again.
    for (String field : propagator.fields()) {
      setter.set(headers, field, null);
    }
    propagator.inject(((AgentSpan) span).context(), headers, setter::set);
  }

  @Override
  public void endSend(ActiveSpan span, int partition, long offset, Throwable error) {
    if (!(span instanceof AgentSpan)) {
      return;
    }
    AgentSpan send = (AgentSpan) span;
    if (partition >= 0) {
      send.span().setAttribute(PARTITION, Integer.toString(partition));
    }
    if (offset >= 0) {
      send.span().setAttribute(OFFSET, offset);
    }
    if (error != null) {
      send.recordException(error);
    }
    send.end();
  }

  // ---------------------------------------------------------------- consumer

  @Override
  public void consumerCreated(Object consumer, String groupId, String clientId) {
    if (consumer != null) {
      consumers.put(consumer, new ConsumerInfo(blankToNull(groupId), blankToNull(clientId)));
    }
  }

  @Override
  public long pollStarting(Object consumer) {
    consumerThreads.get().closeLeftovers(consumer);
    return batch ? epochNanos() : 0L;
  }

  @Override
  public <R> void polled(Object consumer, Object records, Iterable<R> recordList, int count, KafkaRecordGetter<R> getter,
      long startEpochNanos) {
    if (records == null || count <= 0) {
      return;
    }
    ConsumerInfo info = consumer == null ? null : consumers.get(consumer);
    if (info == null) {
      info = ConsumerInfo.UNKNOWN;
    }
    SpanContext poll = null;
    if (batch) {
      poll = pollSpan(consumer, info, recordList, count, getter, startEpochNanos);
    }
    polled.put(records, new Polled(consumer, info, poll));
  }

  /** Ends the batch's poll span and leaves its context current on this thread until the next poll. */
  private <R> SpanContext pollSpan(Object consumer, ConsumerInfo info, Iterable<R> recordList, int count,
      KafkaRecordGetter<R> getter, long startEpochNanos) {
    String topic = null;
    boolean oneTopic = true;
    Context parent = Context.current();
    SpanBuilder builder = tracer.spanBuilder("poll").setSpanKind(SpanKind.CONSUMER).setParent(parent)
        .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
        .setAttribute(SYSTEM, "kafka")
        .setAttribute(OPERATION_TYPE, "receive")
        .setAttribute(OPERATION_NAME, "poll")
        .setAttribute(BATCH_COUNT, (long) count);
        for (R record : recordList) {
      String recordTopic = getter.topic(record);
      if (topic == null) {
        topic = recordTopic;
      } else if (!topic.equals(recordTopic)) {
        oneTopic = false;
      }
      SpanContext producer = Span.fromContext(context.extract(Context.root(), record, getter)).getSpanContext();
      if (producer.isValid()) {
        builder.addLink(producer);
      }
    }
    if (oneTopic && topic != null) {
      builder.setAttribute(DESTINATION, topic);
    }
    setIfPresent(builder, CONSUMER_GROUP, info.groupId);
    setIfPresent(builder, CLIENT_ID, info.clientId);
    Span span = builder.startSpan();
    span.updateName(oneTopic && topic != null ? pollNames.of(topic) : "poll");
    span.end();
    ConsumerThread thread = consumerThreads.get();
    if (thread.batchScope == null) {
      // One batch context per thread: a second consumer polled on it while another's batch is handled
      // does not stack its own (it could not be closed in order).
      thread.batchScope = LinkedContext.withSpan(parent, span).makeCurrent();
      thread.batchConsumer = consumer;
    }
    return span.getSpanContext();
  }

  @Override
  public Object polledBy(Object records) {
    return polled.get(records);
  }

  @Override
  public <R> ContextScope startProcess(Object polledBy, R record, KafkaRecordGetter<R> getter) {
    if (!(polledBy instanceof Polled) || record == null) {
      return ContextScope.NOOP;
    }
    Polled from = (Polled) polledBy;
    // The producer's context only: a record without one (or with an invalid one) starts a new trace.
    Context parent = context.extract(Context.root(), record, getter);
    SpanBuilder builder = processSpan(parent, record, getter, from.info);
    if (from.poll != null) {
      builder.addLink(from.poll);
    }
    AgentSpan span = new AgentSpan(builder.startSpan(), parent);
    ConsumerThread thread = consumerThreads.get();
    ProcessScope scope = new ProcessScope(span, span.context().makeCurrent(), thread, from.consumer);
    thread.open = scope;
    return scope;
  }

  /** A record's {@code "process {topic}"} span, a child of {@code parent}, with the record's attributes. */
  private <R> SpanBuilder processSpan(Context parent, R record, KafkaRecordGetter<R> getter, ConsumerInfo info) {
    String topic = getter.topic(record);
    SpanBuilder builder = tracer.spanBuilder(processNames.of(topic)).setSpanKind(SpanKind.CONSUMER)
        .setParent(parent)
        .setAttribute(SYSTEM, "kafka")
        .setAttribute(OPERATION_TYPE, "process")
        .setAttribute(OPERATION_NAME, "process")
        .setAttribute(PARTITION, Integer.toString(getter.partition(record)))
        .setAttribute(OFFSET, getter.offset(record));
    setIfPresent(builder, DESTINATION, topic);
    setIfPresent(builder, MESSAGE_KEY, getter.stringKey(record));
    setIfPresent(builder, CONSUMER_GROUP, info.groupId);
    setIfPresent(builder, CLIENT_ID, info.clientId);
    return builder;
  }

  // ---------------------------------------------------------------- listener containers (Spring Kafka)

  @Override
  public Object listenerStarting(Object consumer, Object records) {
    Listener previous = listeners.get();
    // Taken over: the container's own loops over these records (copies, acks, seeks) make no spans.
    Polled from = records == null ? null : polled.remove(records);
    ConsumerInfo info = from != null ? from.info : consumer == null ? null : consumers.get(consumer);
    listeners.set(new Listener(info == null ? ConsumerInfo.UNKNOWN : info, from == null ? null : from.poll));
    return previous;
  }

  @Override
  public void listenerDone(Object previous) {
    if (previous instanceof Listener) {
      listeners.set((Listener) previous);
    } else {
      listeners.remove();
    }
  }

  @Override
  public <R> ActiveSpan startListenerRecord(R record, KafkaRecordGetter<R> getter) {
    if (record == null) {
      return ActiveSpan.NOOP;
    }
    Listener listener = listener();
    Context parent = context.extract(Context.root(), record, getter);
    SpanBuilder builder = processSpan(parent, record, getter, listener.info);
    if (listener.poll != null) {
      builder.addLink(listener.poll);
    }
    AgentSpan span = new AgentSpan(builder.startSpan(), parent);
    if (listener != Listener.NONE) { // the shared fallback holds no thread's span
      listener.open = span;
    }
    return span;
  }

  @Override
  public void listenerFailed(Throwable error) {
    Listener listener = listeners.get();
    AgentSpan open = listener == null ? null : listener.open;
    if (open != null && !open.isEnded() && error != null) {
      open.recordException(error);
    }
  }

  @Override
  public <R> ActiveSpan startListenerBatch(Object records, Iterable<R> recordList, KafkaRecordGetter<R> getter) {
    if (recordList == null) {
      return ActiveSpan.NOOP;
    }
    if (records != null) {
      polled.remove(records); // when the container's entry was missed: iterating below must make no spans
    }
    Listener listener = listener();
    List<R> all = new ArrayList<>();
    List<Context> producers = new ArrayList<>();
    String topic = null;
    boolean oneTopic = true;
    String traceId = null;
    boolean oneTrace = true;
    Context firstProducer = null;
    for (R record : recordList) {
      String recordTopic = getter.topic(record);
      if (topic == null) {
        topic = recordTopic;
      } else if (!topic.equals(recordTopic)) {
        oneTopic = false;
      }
      Context producer = context.extract(Context.root(), record, getter);
      SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
      all.add(record);
      producers.add(producerSpan.isValid() ? producer : null);
      if (!producerSpan.isValid()) {
        oneTrace = false;
      } else if (traceId == null) {
        traceId = producerSpan.getTraceId();
        firstProducer = producer;
      } else if (!traceId.equals(producerSpan.getTraceId())) {
        oneTrace = false;
      }
    }
    if (all.isEmpty()) {
      return ActiveSpan.NOOP;
    }
    // Records of one trace (a batch of one, or what one request sent): the batch stays in that trace.
    Context parent = oneTrace && firstProducer != null ? firstProducer : Context.current();
    SpanBuilder builder = tracer.spanBuilder(oneTopic && topic != null ? processNames.of(topic) : "process")
        .setSpanKind(SpanKind.CONSUMER)
        .setParent(parent)
        .setAttribute(SYSTEM, "kafka")
        .setAttribute(OPERATION_TYPE, "process")
        .setAttribute(OPERATION_NAME, "process")
        .setAttribute(BATCH_COUNT, (long) all.size());
    if (oneTopic && topic != null) {
      builder.setAttribute(DESTINATION, topic);
    }
    setIfPresent(builder, CONSUMER_GROUP, listener.info.groupId);
    setIfPresent(builder, CLIENT_ID, listener.info.clientId);
    for (Context producer : producers) {
      if (producer != null) {
        builder.addLink(Span.fromContext(producer).getSpanContext());
      }
    }
    if (listener.poll != null) {
      builder.addLink(listener.poll);
    }
    AgentSpan batchSpan = new AgentSpan(builder.startSpan(), parent);
    // Each record with a producer keeps its trace going: its own process span there, linked to the batch.
    List<AgentSpan> recordSpans = new ArrayList<>(producers.size());
    SpanContext batchContext = batchSpan.span().getSpanContext();
    for (int i = 0; i < all.size(); i++) {
      Context producer = producers.get(i);
      if (producer != null) {
        SpanBuilder recordBuilder = processSpan(producer, all.get(i), getter, listener.info).addLink(batchContext);
        recordSpans.add(new AgentSpan(recordBuilder.startSpan(), producer));
      }
    }
    return new BatchSpan(batchSpan, recordSpans);
  }

  private Listener listener() {
    Listener listener = listeners.get();
    return listener == null ? Listener.NONE : listener;
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }

  private static void setIfPresent(SpanBuilder builder, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      builder.setAttribute(key, value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** The consumer group and client id of a consumer, read from its configuration when it was built. */
  static final class ConsumerInfo {
    static final ConsumerInfo UNKNOWN = new ConsumerInfo(null, null);
    final String groupId;
    final String clientId;

    ConsumerInfo(String groupId, String clientId) {
      this.groupId = groupId;
      this.clientId = clientId;
    }
  }

  /** What is remembered (weakly) for a {@code ConsumerRecords} returned by {@code poll}. */
  static final class Polled {
    final Object consumer;
    final ConsumerInfo info;
    final SpanContext poll;

    Polled(Object consumer, ConsumerInfo info, SpanContext poll) {
      this.consumer = consumer;
      this.info = info;
      this.poll = poll;
    }
  }

  /**
   * What a consumer thread has left open: the process span of the record last handed out (until the
   * iterator moves on) and, in batch mode, the poll span's context. An iteration the application left
   * early (a {@code break}, an exception, a stream's {@code findFirst}) has its span ended at the same
   * consumer's next {@code poll} or {@code close} at the latest. Another consumer polled on this thread
   * while a record is handled (a record handler that reads from a second consumer) leaves it alone.
   */
  static final class ConsumerThread {
    ProcessScope open;
    Scope batchScope;
    Object batchConsumer;

    void closeLeftovers(Object consumer) {
      ProcessScope process = open;
      if (process != null && process.consumer == consumer) {
        process.close();
      }
      Scope scope = batchScope;
      if (scope != null && batchConsumer == consumer) {
        batchScope = null;
        batchConsumer = null;
        scope.close();
      }
    }
  }

  /** Closing it restores the previous context and ends the process span; a second close does nothing. */
  static final class ProcessScope implements ContextScope {
    private final AgentSpan span;
    private final ConsumerThread thread;
    private final Object consumer;
    private final Thread owner = Thread.currentThread();
    private Scope scope;

    ProcessScope(AgentSpan span, Scope scope, ConsumerThread thread, Object consumer) {
      this.span = span;
      this.scope = scope;
      this.thread = thread;
      this.consumer = consumer;
    }

    @Override
    public void close() {
      Scope current = scope;
      if (current == null) {
        return;
      }
      scope = null;
      if (thread.open == this) {
        thread.open = null;
      }
      // A context is restored only on the thread it was made current on (an iterator handed to another
      // thread mid-way still ends its span).
      if (Thread.currentThread() == owner) {
        current.close();
      }
      span.end();
    }
  }

  /**
   * What a listener container's thread is handing to its listener: the consumer's group and client id and,
   * in batch mode, the poll span; and the record listener's span open now ({@link #listenerFailed}).
   */
  static final class Listener {
    static final Listener NONE = new Listener(ConsumerInfo.UNKNOWN, null);
    final ConsumerInfo info;
    final SpanContext poll;
    AgentSpan open;

    Listener(ConsumerInfo info, SpanContext poll) {
      this.info = info;
      this.poll = poll;
    }
  }

  /**
   * A batch listener's span and its records' spans: current is the batch span; ending ends them all, an
   * error recorded on the batch span and marking each record's span ERROR.
   */
  static final class BatchSpan implements ActiveSpan {
    private final AgentSpan batch;
    private final List<AgentSpan> records;

    BatchSpan(AgentSpan batch, List<AgentSpan> records) {
      this.batch = batch;
      this.records = records;
    }

    @Override
    public ContextScope makeCurrent() {
      return batch.makeCurrent();
    }

    @Override
    public ActiveSpan activate() {
      batch.activate();
      return this;
    }

    @Override
    public void deactivate() {
      batch.deactivate();
    }

    @Override
    public void end() {
      end(null);
    }

    @Override
    public void end(Throwable error) {
      batch.end(error);
      for (AgentSpan record : records) {
        if (error != null) {
          record.markError(error.getClass().getName());
        }
        record.end();
      }
    }
  }
}
