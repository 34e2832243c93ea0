package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import net.bytebuddy.asm.Advice;

/**
 * {@code ListenerConsumer.invokeBatchOnMessageWithRecordsOrList(records, list)}: one delivery of a batch
 * to its listener, in the batch's process span.
 */
public final class BatchListenerAdvice {
  private BatchListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.Argument(0) Object records) {
    return SpringKafkaSpans.startBatch(records).activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ActiveSpan span, @Advice.Thrown Throwable thrown) {
    if (span != null) {
      span.end(SpringKafkaSpans.applicationError(thrown));
    }
  }
}
