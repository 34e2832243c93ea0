package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;

/** {@code KafkaConsumer.close}: ends what an abandoned iteration or a batch left open on this thread. */
public final class ConsumerCloseAdvice {
  private ConsumerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object consumer) {
    KafkaTracing.pollStarting(consumer);
  }
}
