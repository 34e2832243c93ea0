package io.spanwise.instrumentation.kafka;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.Spliterators;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code records(partition)} of polled records (helper): the same unmodifiable list, whose iterator,
 * {@code forEach} and stream trace each record handed out. Access by index ({@code get(i)}) is not traced:
 * nothing tells when the application is done with that record.
 */
public final class TracingRecordList<K, V> extends AbstractList<ConsumerRecord<K, V>> implements RandomAccess {
  private final List<ConsumerRecord<K, V>> delegate;
  private final Object polledBy;

  public TracingRecordList(List<ConsumerRecord<K, V>> delegate, Object polledBy) {
    this.delegate = delegate;
    this.polledBy = polledBy;
  }

  @Override
  public ConsumerRecord<K, V> get(int index) {
    return delegate.get(index);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Iterator<ConsumerRecord<K, V>> iterator() {
    return new TracingRecordIterator<>(delegate.iterator(), polledBy);
  }

  /** Through the traced iterator (the list default would read by index). */
  @Override
  public Spliterator<ConsumerRecord<K, V>> spliterator() {
    return Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED | Spliterator.SIZED);
  }
}
