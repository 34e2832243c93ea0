package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** What {@code poll} advice hands to the core (helper). */
public final class ConsumerSpans {
  private ConsumerSpans() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void polled(Object consumer, ConsumerRecords<?, ?> records, long startEpochNanos) {
    if (records.isEmpty()) {
      return;
    }
    Iterable<ConsumerRecord<?, ?>> all = (Iterable) records;
    KafkaTracing.polled(consumer, records, all, records.count(), ConsumerRecordGetter.INSTANCE, startEpochNanos);
  }
}
