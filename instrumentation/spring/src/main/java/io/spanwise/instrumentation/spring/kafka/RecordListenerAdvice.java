package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import net.bytebuddy.asm.Advice;

/** {@code ListenerConsumer.doInvokeRecordListener(record, iterator)}: the record's process span, current. */
public final class RecordListenerAdvice {
  private RecordListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ActiveSpan enter(@Advice.Argument(0) Object record) {
    return SpringKafkaSpans.startRecord(record).activate();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ActiveSpan span) {
    // What the listener threw is recorded by InvokeOnMessageAdvice: the container catches it here.
    if (span != null) {
      span.end(null);
    }
  }
}
