package io.spanwise.instrumentation.spring.kafka;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the Spring Kafka advice hands to the kafka tracer (helper, injected next to spring-kafka). */
public final class SpringKafkaSpans {
  private static final String LISTENER_FAILED = "org.springframework.kafka.listener.ListenerExecutionFailedException";

  private SpringKafkaSpans() {}

  public static ActiveSpan startRecord(Object record) {
    if (!(record instanceof ConsumerRecord)) {
      return ActiveSpan.NOOP;
    }
    return KafkaTracing.startListenerRecordSpan((ConsumerRecord<?, ?>) record, RecordGetter.INSTANCE);
  }

  @SuppressWarnings("unchecked")
  public static ActiveSpan startBatch(Object records) {
    if (!(records instanceof Iterable)) {
      return ActiveSpan.NOOP;
    }
    return KafkaTracing.startListenerBatchSpan(records, (Iterable<ConsumerRecord<?, ?>>) records,
        RecordGetter.INSTANCE);
  }

  /**
   * The application's exception: Spring wraps what a listener throws in a
   * {@code ListenerExecutionFailedException} (once more when the container decorates it).
   */
  public static Throwable applicationError(Throwable thrown) {
    Throwable error = thrown;
    for (int i = 0; i < 4 && error != null && error.getCause() != null
        && LISTENER_FAILED.equals(error.getClass().getName()); i++) {
      error = error.getCause();
    }
    return error;
  }
}
