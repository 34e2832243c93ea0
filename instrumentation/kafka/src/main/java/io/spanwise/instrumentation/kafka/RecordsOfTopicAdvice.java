package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** {@code ConsumerRecords.records(topic)} of polled records: an Iterable whose iterators trace each record. */
public final class RecordsOfTopicAdvice {
  private RecordsOfTopicAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void exit(
      @Advice.This ConsumerRecords<?, ?> records,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Iterable iterable) {
    Object polledBy = KafkaTracing.polledBy(records);
    if (polledBy != null && iterable != null) {
      iterable = new TracingRecordIterable(iterable, polledBy);
    }
  }
}
