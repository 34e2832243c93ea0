package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;

/** {@code ListenerConsumer.invokeListener(records)}: the container takes the polled records over. */
public final class InvokeListenerAdvice {
  private InvokeListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.FieldValue("consumer") Object consumer, @Advice.Argument(0) Object records) {
    return KafkaTracing.listenerStarting(consumer, records);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object previous) {
    KafkaTracing.listenerDone(previous);
  }
}
