package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * {@code KafkaConsumer(ConsumerConfig, ...)}: remembers the consumer's group and client id (the config
 * has already generated a client id when none was given).
 */
public final class ConsumerConstructorAdvice {
  private ConsumerConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object consumer, @Advice.Argument(0) ConsumerConfig config) {
    KafkaTracing.consumerCreated(consumer, config.getString(ConsumerConfig.GROUP_ID_CONFIG),
        config.getString(ConsumerConfig.CLIENT_ID_CONFIG));
  }
}
