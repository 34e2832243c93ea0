package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import java.util.Iterator;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** {@code ConsumerRecords.iterator()} of polled records: an iterator that traces each record handed out. */
public final class RecordsIteratorAdvice {
  private RecordsIteratorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void exit(
      @Advice.This ConsumerRecords<?, ?> records,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Iterator iterator) {
    Object polledBy = KafkaTracing.polledBy(records);
    if (polledBy != null && iterator != null) {
      iterator = new TracingRecordIterator(iterator, polledBy);
    }
  }
}
