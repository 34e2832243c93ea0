package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaRecordGetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Reads what the kafka tracer needs from a {@code ConsumerRecord} (helper; the kafka module has its own). */
public final class RecordGetter implements KafkaRecordGetter<ConsumerRecord<?, ?>> {
  static final RecordGetter INSTANCE = new RecordGetter();

  @Override
  public Iterator<String> getAll(ConsumerRecord<?, ?> record, String name) {
    Headers headers = record.headers();
    if (headers == null) {
      return Collections.emptyIterator();
    }
    Iterator<Header> found = headers.headers(name).iterator();
    if (!found.hasNext()) {
      return Collections.emptyIterator();
    }
    List<String> values = new ArrayList<>(1);
    while (found.hasNext()) {
      byte[] value = found.next().value();
      if (value != null) {
        values.add(new String(value, StandardCharsets.UTF_8));
      }
    }
    return values.iterator();
  }

  @Override
  public Iterable<String> keys(ConsumerRecord<?, ?> record) {
    Headers headers = record.headers();
    if (headers == null) {
      return Collections.emptyList();
    }
    List<String> keys = new ArrayList<>();
    for (Header header : headers) {
      keys.add(header.key());
    }
    return keys;
  }

  @Override
  public String topic(ConsumerRecord<?, ?> record) {
    return record.topic();
  }

  @Override
  public int partition(ConsumerRecord<?, ?> record) {
    return record.partition();
  }

  @Override
  public long offset(ConsumerRecord<?, ?> record) {
    return record.offset();
  }

  @Override
  public String stringKey(ConsumerRecord<?, ?> record) {
    Object key = record.key();
    return key instanceof String ? (String) key : null;
  }
}
