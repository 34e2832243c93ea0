package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Puts a send span's context into the record that is sent (helper). */
public final class ProducerSpans {
  private ProducerSpans() {}

  /**
   * The record to send, with the span's context in its headers: the record itself, or, when its headers
   * are read-only (the same record object sent a second time: the producer froze them the first time), a
   * copy with the same topic, partition, timestamp, key, value and other headers. The application's
   * record is never changed then.
   */
  public static <K, V> ProducerRecord<K, V> withContext(ProducerRecord<K, V> record, ActiveSpan span) {
    try {
      KafkaTracing.inject(span, record.headers(), KafkaHeadersSetter.INSTANCE);
      return record;
    } catch (IllegalStateException readOnly) {
      ProducerRecord<K, V> copy = new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
          record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
      KafkaTracing.inject(span, copy.headers(), KafkaHeadersSetter.INSTANCE);
      return copy;
    }
  }
}
