package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;

/**
 * {@code ListenerConsumer.invokeOnMessage(record)} threw: the listener failed (the container catches it
 * for its error handler), recorded on the record's process span.
 */
public final class InvokeOnMessageAdvice {
  private InvokeOnMessageAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      KafkaTracing.listenerFailed(SpringKafkaSpans.applicationError(thrown));
    }
  }
}
