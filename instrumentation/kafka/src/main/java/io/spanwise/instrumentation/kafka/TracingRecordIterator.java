package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import java.util.Iterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An iterator over polled records that traces the handling of each (helper): {@code next()} starts the
 * record's process span and makes it current; the next {@code hasNext()} or {@code next()} ends it, which
 * is when a for-each loop's body (or a stream's action) is done with the record. The default
 * {@code forEachRemaining} goes through the same two methods, so spliterators and streams are covered.
 */
public final class TracingRecordIterator<K, V> implements Iterator<ConsumerRecord<K, V>> {
  private final Iterator<ConsumerRecord<K, V>> delegate;
  private final Object polledBy;
  private ContextScope current;

  public TracingRecordIterator(Iterator<ConsumerRecord<K, V>> delegate, Object polledBy) {
    this.delegate = delegate;
    this.polledBy = polledBy;
  }

  @Override
  public boolean hasNext() {
    endCurrent();
    return delegate.hasNext();
  }

  @Override
  public ConsumerRecord<K, V> next() {
    endCurrent();
    ConsumerRecord<K, V> record = delegate.next();
    try {
      current = KafkaTracing.startProcessSpan(polledBy, record, ConsumerRecordGetter.INSTANCE);
    } catch (Throwable agentBug) {
      Tracing.adviceFailed(agentBug);
    }
    return record;
  }

  @Override
  public void remove() {
    delegate.remove();
  }

  private void endCurrent() {
    ContextScope scope = current;
    if (scope != null) {
      current = null;
      try {
        scope.close();
      } catch (Throwable agentBug) {
        Tracing.adviceFailed(agentBug);
      }
    }
  }
}
