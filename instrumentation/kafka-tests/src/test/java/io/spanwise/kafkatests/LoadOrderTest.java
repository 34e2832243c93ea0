package io.spanwise.kafkatests;

import static io.spanwise.kafkatests.KafkaFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.AgentField;
import io.spanwise.testing.FreshClassLoader;
import io.spanwise.testing.InProcessAgent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer is woven whatever order its classes are loaded in. Each case loads kafka-clients and a
 * framework's subclass of {@code KafkaConsumer} ({@code org.example.kafkaapp.ExtendedKafkaConsumer}, as
 * Spring Kafka has) in a class loader of its own, where nothing was loaded before, in the order the case
 * says; a record sent in a request (by the test's own producer) is read by a listener on that subclass
 * and must be processed in the producer's trace: a CONSUMER span child of the PRODUCER span, the
 * handler's query under it. One broker for all cases.
 */
class LoadOrderTest {
  private static final String SUBCLASS = "org.example.kafkaapp.ExtendedKafkaConsumer"; // loads KafkaConsumer
  private static final String[] SUPERTYPES = {
      "org.apache.kafka.clients.consumer.KafkaConsumer",
      "org.apache.kafka.clients.consumer.ConsumerRecords",
  };

  private static FreshClassLoader loadedBeforeTheAgent;

  @BeforeAll
  static void loadSomeClassesThenInstallTheAgent() throws Exception {
    loadedBeforeTheAgent = freshLoader("before-agent");
    loadedBeforeTheAgent.loadInOrder(SUBCLASS);
    install(Map.of());
    broker();
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  @Test
  void aSubclassLoadsKafkaConsumerFirst() throws Exception {
    FreshClassLoader loader = freshLoader("subclass-first");
    loader.loadInOrder(SUBCLASS);
    assertRecordIsProcessedInTheProducersTrace(loader);
    // woven as they loaded: the consumer's and the poll's state is kept on them, not in a weak map
    for (String name : SUPERTYPES) {
      assertThat(AgentField.class.isAssignableFrom(loader.load(name))).as(name).isTrue();
    }
  }

  @Test
  void kafkaConsumerLoadedBeforeTheSubclass() throws Exception {
    FreshClassLoader loader = freshLoader("supertype-first");
    loader.loadInOrder(SUPERTYPES);
    loader.loadInOrder(SUBCLASS);
    assertRecordIsProcessedInTheProducersTrace(loader);
  }

  @Test
  void subclassAndSupertypesLoadedFromEightThreadsAtOnce() throws Exception {
    FreshClassLoader loader = freshLoader("concurrent");
    loader.loadConcurrently(8, SUBCLASS, SUPERTYPES[0], SUPERTYPES[1]);
    assertRecordIsProcessedInTheProducersTrace(loader);
  }

  /** Loaded before the agent was installed in this JVM: woven by retransformation. */
  @Test
  void classesLoadedBeforeTheAgentStarted() throws Exception {
    assertRecordIsProcessedInTheProducersTrace(loadedBeforeTheAgent);
    // a class loaded before the agent cannot gain a field: this consumer's state is in a weak map
    assertThat(AgentField.class.isAssignableFrom(loadedBeforeTheAgent.load(SUPERTYPES[0]))).isFalse();
  }

  private static FreshClassLoader freshLoader(String name) {
    return FreshClassLoader.over(name, "org.apache.kafka.clients.consumer.KafkaConsumer", "org.slf4j.Logger",
        "org.example.kafkaapp.Listener");
  }

  @SuppressWarnings("unchecked")
  private static void assertRecordIsProcessedInTheProducersTrace(FreshClassLoader loader) throws Exception {
    assertThat(loader.load("org.apache.kafka.clients.consumer.KafkaConsumer").getClassLoader())
        .as("kafka-clients is the fresh loader's own").isSameAs(loader);
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      inRequest(() -> producer.send(new ProducerRecord<>(topic, "order-1", "mug")).get());
    }
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "billing",
        ConsumerConfig.CLIENT_ID_CONFIG, "billing-" + loader.getName(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Consumer<String> handler = value -> query();
    Callable<List<String>> listener = loader.newInstance("org.example.kafkaapp.Listener", Callable.class,
        config, topic, handler);
    assertThat(listener.call()).containsExactly("mug");

    await(4);
    SpanData server = serverSpan();
    SpanData send = one(SpanKind.PRODUCER, "send " + topic);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    assertThat(send.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(process.getTraceId()).as("the producer's trace").isEqualTo(send.getTraceId());
    assertThat(process.getParentSpanId()).as("parent of %s", process).isEqualTo(send.getSpanId());
    assertThat(process.getAttributes().get(GROUP)).isEqualTo("billing");
    assertThat(process.getAttributes().get(CLIENT_ID)).isEqualTo("billing-" + loader.getName());
    assertThat(dbChildrenOf(process)).as("the handler's query, in %s", all()).hasSize(1);
  }
}
