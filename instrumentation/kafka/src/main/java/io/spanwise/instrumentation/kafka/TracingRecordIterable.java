package io.spanwise.instrumentation.kafka;

import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** {@code records(topic)} of polled records: each iterator traces the records it hands out (helper). */
public final class TracingRecordIterable<K, V> implements Iterable<ConsumerRecord<K, V>> {
  private final Iterable<ConsumerRecord<K, V>> delegate;
  private final Object polledBy;

  public TracingRecordIterable(Iterable<ConsumerRecord<K, V>> delegate, Object polledBy) {
    this.delegate = delegate;
    this.polledBy = polledBy;
  }

  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return new TracingRecordIterator<>(delegate.iterator(), polledBy);
  }
}
