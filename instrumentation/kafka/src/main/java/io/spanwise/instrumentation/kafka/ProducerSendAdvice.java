package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code KafkaProducer.send(record, callback)}: starts the PRODUCER span, puts its context in the
 * record's headers (a copy of the record when its headers are read-only) and wraps the callback, which
 * ends the span when the broker answers. A send that throws ends it at once.
 */
public final class ProducerSendAdvice {
  private ProducerSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) ProducerRecord<?, ?> record,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Callback callback,
      @Advice.FieldValue("clientId") String clientId) {
    if (record == null) {
      return ActiveSpan.NOOP;
    }
    Object sender = Tracing.currentContextOrNull();
    ActiveSpan span = KafkaTracing.startSendSpan(record.topic(), record.partition(), record.key(), clientId);
    callback = new TracingCallback(callback, span, sender);
    record = ProducerSpans.withContext(record, span);
    return span;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Thrown Throwable error, @Advice.Enter ActiveSpan span) {
    if (span != null && error != null) {
      KafkaTracing.endSendSpan(span, -1, -1L, error);
    }
  }
}
