package io.spanwise.instrumentation.kafka;

import io.spanwise.bootstrap.api.CallDepth;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * {@code KafkaConsumer.poll}: on enter, ends what the previous batch left open on this thread; on exit,
 * tells the core which consumer the records came from. The outermost {@code poll} only ({@code poll(long)}
 * of 3.x may call {@code poll(Duration)}).
 */
public final class ConsumerPollAdvice {
  private ConsumerPollAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Advice.This Object consumer) {
    if (CallDepth.forKey(ConsumerRecords.class).getAndIncrement() > 0) {
      return 0L;
    }
    return KafkaTracing.pollStarting(consumer);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object consumer,
      @Advice.Return ConsumerRecords<?, ?> records,
      @Advice.Enter long startEpochNanos) {
    if (CallDepth.forKey(ConsumerRecords.class).decrementAndGet() > 0) {
      return;
    }
    if (records != null) {
      ConsumerSpans.polled(consumer, records, startEpochNanos);
    }
  }
}
