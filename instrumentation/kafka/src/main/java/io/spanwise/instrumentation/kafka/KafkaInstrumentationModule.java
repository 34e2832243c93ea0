package io.spanwise.instrumentation.kafka;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesArgumentNamed;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.kafka.KafkaTracing;
import io.spanwise.instrumentation.kafka.agent.KafkaTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * kafka-clients 3.x and 4.x.
 *
 * <ul>
 *   <li>{@code KafkaProducer.send(record, callback)} (which {@code send(record)} calls): a PRODUCER span,
 *       its context written into the record's headers, ended by a wrapping callback when the broker
 *       answers; the application's callback runs in the sender's context.
 *   <li>{@code KafkaConsumer} constructor: its group and client id; {@code poll}: which consumer the
 *       returned {@code ConsumerRecords} came from (batch mode: a poll span); {@code poll} and
 *       {@code close} also end what an abandoned iteration left open on the thread.
 *   <li>{@code ConsumerRecords.iterator()}, {@code records(topic)}, {@code records(partition)}: the
 *       iterators are wrapped so that each record handed out gets a process span, current until the next
 *       one is asked for (for-each, iterator, {@code forEach}, streams and spliterators all go through
 *       them).
 * </ul>
 *
 * Only the classes themselves are woven ({@code isDeclaredBy}): a subclass calling {@code super} adds no
 * second span.
 */
public final class KafkaInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.kafka.";
  private static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer";
  private static final String CONSUMER = "org.apache.kafka.clients.consumer.KafkaConsumer";
  private static final String RECORDS = "org.apache.kafka.clients.consumer.ConsumerRecords";

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.subTypesOf(hasClassNamed(PRODUCER), PRODUCER)
            .advise(declaredBy(PRODUCER, named("send")).and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.kafka.clients.producer.ProducerRecord")))
                    .and(takesArgument(1, named("org.apache.kafka.clients.producer.Callback"))),
                PACKAGE + "ProducerSendAdvice"),
        TypeInstrumentation.subTypesOf(hasClassNamed(CONSUMER), CONSUMER)
            .withAgentField() // the consumer's group and client id
            // Every public constructor ends in this one (3.x and 4.x).
            .advise(isConstructor().and(isDeclaredBy(named(CONSUMER))).and(takesArguments(3))
                    .and(takesArgument(0, named("org.apache.kafka.clients.consumer.ConsumerConfig"))),
                PACKAGE + "ConsumerConstructorAdvice")
            .advise(declaredBy(CONSUMER, named("poll")).and(takesArguments(1)).and(returns(named(RECORDS))),
                PACKAGE + "ConsumerPollAdvice")
            .advise(declaredBy(CONSUMER, named("close")), PACKAGE + "ConsumerCloseAdvice"),
        TypeInstrumentation.subTypesOf(hasClassNamed(RECORDS), RECORDS)
            .withAgentField() // the poll the records came from
            .advise(declaredBy(RECORDS, named("iterator")).and(takesArguments(0)),
                PACKAGE + "RecordsIteratorAdvice")
            .advise(declaredBy(RECORDS, named("records")).and(takesArgumentNamed(0, "java.lang.String")),
                PACKAGE + "RecordsOfTopicAdvice")
            .advise(declaredBy(RECORDS, named("records"))
                    .and(takesArgument(0, named("org.apache.kafka.common.TopicPartition"))),
                PACKAGE + "RecordsOfPartitionAdvice"));
  }

  private static ElementMatcher.Junction<MethodDescription> declaredBy(
      String type, ElementMatcher<? super MethodDescription> method) {
    return isPublic().and(isDeclaredBy(named(type))).and(method);
  }

  /**
   * The messaging tracer behind KafkaTracing, with {@code otel.instrumentation.kafka.producer-propagation.enabled}
   * and {@code spanwise.kafka.consumer-mode}.
   */
  @Override
  public void install(InstrumentationContext context) {
    KafkaTracing.install(new KafkaTracer(context, KafkaTracer.producerPropagation(context.config()),
        KafkaTracer.batchMode(context.config())));
  }
}
