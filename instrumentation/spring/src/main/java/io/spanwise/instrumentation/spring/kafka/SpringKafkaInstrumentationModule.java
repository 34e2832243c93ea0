package io.spanwise.instrumentation.spring.kafka;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring Kafka listener containers ({@code @KafkaListener}, {@code KafkaMessageListenerContainer}): the
 * listener runs inside the CONSUMER span of what it handles, the kafka module's tracer makes the spans.
 *
 * <p>Advice on the container's consumer thread ({@code KafkaMessageListenerContainer$ListenerConsumer},
 * private methods present from spring-kafka 2.7 to 4.0, checked in their sources; tested with 3.3 and 4.0):
 * <ul>
 *   <li>{@code invokeListener(ConsumerRecords)}: the polled records are taken over from the kafka
 *       module's iteration tracing (the container copies, acks and seeks them in loops of its own, each of
 *       which would make process spans), and the thread remembers their consumer until the call returns.
 *   <li>record listeners, {@code doInvokeRecordListener(ConsumerRecord, Iterator)}: the record's
 *       {@code "process {topic}"} span, a child of its producer, current while the record interceptors,
 *       the listener and the error handler run; {@code invokeOnMessage(ConsumerRecord)} throwing (what the
 *       container catches for its error handler) records the listener's exception on it, the cause of
 *       Spring's {@code ListenerExecutionFailedException}.
 *   <li>batch listeners, {@code invokeBatchOnMessageWithRecordsOrList(ConsumerRecords, List)} (each call
 *       one delivery of the batch to the listener, retries included): one {@code "process {topic}"} span
 *       for the batch, linked to every record's producer and current while the listener runs, plus each
 *       record's own process span in its producer's trace (see {@code KafkaTracing.startListenerBatchSpan}).
 * </ul>
 * Switch {@code otel.instrumentation.spring-kafka.enabled} (the OpenTelemetry agent's name); off, the
 * kafka module's iteration tracing covers record listeners as for any consumer loop. The spans are the
 * kafka module's: with {@code kafka} off there are none.
 */
public final class SpringKafkaInstrumentationModule implements InstrumentationModule {
  static final String LISTENER_CONSUMER =
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer";
  private static final String RECORDS = "org.apache.kafka.clients.consumer.ConsumerRecords";
  private static final String RECORD = "org.apache.kafka.clients.consumer.ConsumerRecord";
  private static final String PACKAGE = "io.spanwise.instrumentation.spring.kafka.";

  @Override
  public String name() {
    return "spring-kafka";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<ClassLoader> container = hasClassNamed(LISTENER_CONSUMER);
    return List.of(TypeInstrumentation.subTypesOf(container, LISTENER_CONSUMER)
        .advise(named("invokeListener").and(takesArguments(1)).and(takesArgument(0, named(RECORDS))),
            PACKAGE + "InvokeListenerAdvice")
        .advise(named("doInvokeRecordListener").and(takesArguments(2)).and(takesArgument(0, named(RECORD))),
            PACKAGE + "RecordListenerAdvice")
        .advise(named("invokeOnMessage").and(takesArguments(1)).and(takesArgument(0, named(RECORD))),
            PACKAGE + "InvokeOnMessageAdvice")
        .advise(named("invokeBatchOnMessageWithRecordsOrList").and(takesArguments(2))
                .and(takesArgument(0, named(RECORDS))),
            PACKAGE + "BatchListenerAdvice"));
  }
}
