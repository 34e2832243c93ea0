package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/** {@code ConsumerRecords.records(partition)} of polled records: a list whose iterators trace each record. */
public final class RecordsOfPartitionAdvice {
  private RecordsOfPartitionAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void exit(
      @Advice.This ConsumerRecords<?, ?> records,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) List list) {
    Object polledBy = KafkaTracing.polledBy(records);
    if (polledBy != null && list != null && !list.isEmpty()) {
      list = new TracingRecordList(list, polledBy);
    }
  }
}
