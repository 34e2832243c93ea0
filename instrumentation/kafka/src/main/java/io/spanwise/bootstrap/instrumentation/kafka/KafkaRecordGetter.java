package io.spanwise.bootstrap.instrumentation.kafka;

import io.spanwise.bootstrap.api.HeaderGetter;

/**
 * Reads what messaging spans need from a consumed Kafka record; its headers are read through the
 * {@link HeaderGetter} methods. Implemented by a helper of the kafka instrumentation, injected next to
 * kafka-clients (the agent core cannot see the library's classes).
 *
 * @param <R> the record type ({@code ConsumerRecord})
 */
public interface KafkaRecordGetter<R> extends HeaderGetter<R> {
  String topic(R record);

  int partition(R record);

  long offset(R record);

  /** The key when it is a {@code String}, else null: a binary key is never recorded. */
  String stringKey(R record);
}
