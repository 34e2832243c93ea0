package io.spanwise.bootstrap.instrumentation.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;

/**
 * Kafka's producer and consumer spans as the kafka advice and helpers see them; implemented by the
 * module's {@code KafkaTracer} in the agent. See {@link KafkaTracing} for each method.
 */
public interface KafkaBridge {
  ActiveSpan startSend(String topic, Integer partition, Object key, String clientId);

  <C> void inject(ActiveSpan span, C headers, HeaderSetter<C> setter);

  void endSend(ActiveSpan span, int partition, long offset, Throwable error);

  void consumerCreated(Object consumer, String groupId, String clientId);

  long pollStarting(Object consumer);

  <R> void polled(Object consumer, Object records, Iterable<R> recordList, int count, KafkaRecordGetter<R> getter,
      long startEpochNanos);

  Object polledBy(Object records);

  <R> ContextScope startProcess(Object polledBy, R record, KafkaRecordGetter<R> getter);

  Object listenerStarting(Object consumer, Object records);

  void listenerDone(Object previous);

  <R> ActiveSpan startListenerRecord(R record, KafkaRecordGetter<R> getter);

  void listenerFailed(Throwable error);

  <R> ActiveSpan startListenerBatch(Object records, Iterable<R> recordList, KafkaRecordGetter<R> getter);

  KafkaBridge NOOP = new KafkaBridge() {
    @Override
    public ActiveSpan startSend(String topic, Integer partition, Object key, String clientId) {
      return ActiveSpan.NOOP;
    }

    @Override
    public <C> void inject(ActiveSpan span, C headers, HeaderSetter<C> setter) {}

    @Override
    public void endSend(ActiveSpan span, int partition, long offset, Throwable error) {}

    @Override
    public void consumerCreated(Object consumer, String groupId, String clientId) {}

    @Override
    public long pollStarting(Object consumer) {
      return 0L;
    }

    @Override
    public <R> void polled(Object consumer, Object records, Iterable<R> recordList, int count,
        KafkaRecordGetter<R> getter, long startEpochNanos) {}

    @Override
    public Object polledBy(Object records) {
      return null;
    }

    @Override
    public <R> ContextScope startProcess(Object polledBy, R record, KafkaRecordGetter<R> getter) {
      return ContextScope.NOOP;
    }

    @Override
    public Object listenerStarting(Object consumer, Object records) {
      return null;
    }

    @Override
    public void listenerDone(Object previous) {}

    @Override
    public <R> ActiveSpan startListenerRecord(R record, KafkaRecordGetter<R> getter) {
      return ActiveSpan.NOOP;
    }

    @Override
    public void listenerFailed(Throwable error) {}

    @Override
    public <R> ActiveSpan startListenerBatch(Object records, Iterable<R> recordList, KafkaRecordGetter<R> getter) {
      return ActiveSpan.NOOP;
    }
  };
}
