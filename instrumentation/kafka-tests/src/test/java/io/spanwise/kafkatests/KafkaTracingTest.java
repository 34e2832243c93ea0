package io.spanwise.kafkatests;

import static io.spanwise.kafkatests.KafkaFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kafka module with its default settings (record mode) against a real broker. */
class KafkaTracingTest {
  @BeforeAll
  static void start() throws Exception {
    install(Map.of());
    broker();
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  @Test
  void theExpectedClientVersionIsUnderTest() {
    String major = System.getProperty("spanwise.expected.kafka.major", "4");
    assertThat(AppInfoParser.getVersion()).startsWith(major + ".");
  }

  @Test
  void aRecordSentInARequestIsProcessedInTheSameTrace() throws Exception {
    String topic = newTopic(1);
    CompletableFuture<Boolean> callbackSawRequest = new CompletableFuture<>();
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "order-1", "mug");
    try (KafkaProducer<String, String> producer = producer()) {
      inRequest(() -> producer.send(record, (metadata, error) -> {
        query(); // in the callback: the application's own code, which runs in the sender's context
        callbackSawRequest.complete(hasContext());
      }).get());
    }
    assertThat(callbackSawRequest.get(10, TimeUnit.SECONDS)).isTrue();

    List<String> processed = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = subscribed("billing", topic)) {
      for (ConsumerRecord<String, String> received : pollSome(consumer)) {
        assertThat(hasContext()).isTrue();
        query();
        processed.add(received.value());
        assertThat(headerValues(received, "traceparent")).hasSize(1);
      }
      assertThat(hasContext()).as("no context left after the loop").isFalse();
    }
    assertThat(processed).containsExactly("mug");

    await(5);
    SpanData server = serverSpan();
    SpanData send = one(SpanKind.PRODUCER, "send " + topic);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    assertThat(send.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(send.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(dbChildrenOf(process)).as("the query made while handling the record").hasSize(1);
    assertThat(dbChildrenOf(server)).as("the query made in the send callback").hasSize(1);
    assertThat(headerValues(record.headers(), "traceparent")).containsExactly(traceparentOf(send));

    assertThat(send.getAttributes().get(SYSTEM)).isEqualTo("kafka");
    assertThat(send.getAttributes().get(DESTINATION)).isEqualTo(topic);
    assertThat(send.getAttributes().get(OPERATION_TYPE)).isEqualTo("send");
    assertThat(send.getAttributes().get(OPERATION_NAME)).isEqualTo("send");
    assertThat(send.getAttributes().get(KEY)).isEqualTo("order-1");
    assertThat(send.getAttributes().get(PARTITION)).as("from the broker's acknowledgement").isEqualTo("0");
    assertThat(send.getAttributes().get(OFFSET)).as("from the broker's acknowledgement").isEqualTo(0L);
    assertThat(send.getAttributes().get(CLIENT_ID)).isEqualTo("shop-producer");
    assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    assertThat(process.getAttributes().get(SYSTEM)).isEqualTo("kafka");
    assertThat(process.getAttributes().get(DESTINATION)).isEqualTo(topic);
    assertThat(process.getAttributes().get(OPERATION_TYPE)).isEqualTo("process");
    assertThat(process.getAttributes().get(OPERATION_NAME)).isEqualTo("process");
    assertThat(process.getAttributes().get(GROUP)).isEqualTo("billing");
    assertThat(process.getAttributes().get(PARTITION)).isEqualTo("0");
    assertThat(process.getAttributes().get(OFFSET)).isEqualTo(0L);
    assertThat(process.getAttributes().get(KEY)).isEqualTo("order-1");
    assertThat(process.getAttributes().get(CLIENT_ID)).isEqualTo("shop-consumer");
    assertThat(process.getLinks()).isEmpty();
    assertThat(of(SpanKind.CONSUMER, "poll " + topic)).as("no poll span in record mode").isEmpty();
  }

  @Test
  void theSendSpanEndsWhenTheBrokerAcknowledges() throws Exception {
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic, "mug"));
      RecordMetadata metadata = sent.get(10, TimeUnit.SECONDS);
      SpanData send = await(1).get(0);
      assertThat(send.getName()).isEqualTo("send " + topic);
      assertThat(send.getParentSpanContext().isValid()).as("outside a request: a trace of its own").isFalse();
      assertThat(send.getAttributes().get(OFFSET)).isEqualTo(metadata.offset());
      assertThat(send.getAttributes().get(KEY)).as("no key").isNull();
    }
  }

  @Test
  void aFailedSendIsAnError() throws Exception {
    String missing = "no-such-topic"; // the broker does not create topics on first use
    CompletableFuture<Exception> callbackError = new CompletableFuture<>();
    CompletableFuture<Boolean> callbackSawRequest = new CompletableFuture<>();
    try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500))) {
      String serverId = inRequest(() -> {
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(missing, "k", "v"), (metadata, error) -> {
          callbackSawRequest.complete(hasContext());
          callbackError.complete(error);
        });
        assertThatThrownBy(sent::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        return null;
      });
      assertThat(callbackError.get(10, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      assertThat(callbackSawRequest.get()).isTrue();
      SpanData send = one(SpanKind.PRODUCER, "send " + missing);
      assertThat(send.getParentSpanId()).isEqualTo(serverId);
      assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(send.getAttributes().get(ERROR_TYPE)).isEqualTo(TimeoutException.class.getName());
      assertThat(send.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }
  }

  @Test
  void aSendThatThrowsIsAnErrorAndTheApplicationGetsTheException() throws Exception {
    Serializer<String> failing = (topic, data) -> {
      throw new SerializationException("cannot serialize " + data);
    };
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), failing)) {
      String topic = newTopic(1);
      String serverId = inRequest(() -> {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")))
            .isInstanceOf(SerializationException.class).hasMessage("cannot serialize v");
        return null;
      });
      SpanData send = one(SpanKind.PRODUCER, "send " + topic);
      assertThat(send.getParentSpanId()).isEqualTo(serverId);
      assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(send.getAttributes().get(ERROR_TYPE)).isEqualTo(SerializationException.class.getName());
    }
  }

  @Test
  void aRecordSentTwiceCarriesOneTraceparentEachTime() throws Exception {
    String topic = newTopic(1);
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, "k", "v");
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(record).get();
      producer.send(record).get(); // the producer made its headers read-only the first time
    }
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("resend", topic, 1)) {
      for (ConsumerRecords<String, String> records : pollAll(consumer, 2)) {
        for (ConsumerRecord<String, String> r : records) {
          assertThat(headerValues(r, "traceparent")).hasSize(1);
          received.add(headerValues(r, "traceparent").get(0));
        }
      }
    }
    await(4);
    List<SpanData> sends = of(SpanKind.PRODUCER, "send " + topic);
    assertThat(sends).hasSize(2);
    assertThat(received).containsExactlyInAnyOrderElementsOf(
        sends.stream().map(KafkaFixture::traceparentOf).collect(Collectors.toList()));
    for (SpanData process : of(SpanKind.CONSUMER, "process " + topic)) {
      assertThat(sends).anySatisfy(send -> assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId()));
    }
  }

  @Test
  void aForwardedRecordCarriesTheNewSendsContextOnly() throws Exception {
    String in = newTopic(1);
    String out = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(in, "k", "v")).get();
      try (KafkaConsumer<String, String> consumer = consumer("forwarder", in, 1)) {
        for (ConsumerRecord<String, String> r : pollSome(consumer)) {
          // Headers copied from the consumed record: its traceparent is stale for the new send.
          producer.send(new ProducerRecord<>(out, null, r.key(), r.value(), r.headers())).get();
        }
      }
    }
    List<ConsumerRecord<String, String>> forwarded = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("reader", out, 1)) {
      pollSome(consumer).forEach(forwarded::add);
    }
    await(4);
    SpanData first = one(SpanKind.PRODUCER, "send " + in);
    SpanData processIn = one(SpanKind.CONSUMER, "process " + in);
    SpanData second = one(SpanKind.PRODUCER, "send " + out);
    SpanData processOut = one(SpanKind.CONSUMER, "process " + out);
    assertThat(processIn.getParentSpanId()).isEqualTo(first.getSpanId());
    assertThat(second.getParentSpanId()).as("sent while handling the record").isEqualTo(processIn.getSpanId());
    assertThat(processOut.getParentSpanId()).isEqualTo(second.getSpanId());
    assertThat(processOut.getTraceId()).isEqualTo(first.getTraceId());
    assertThat(headerValues(forwarded.get(0), "traceparent")).containsExactly(traceparentOf(second));
  }

  @Test
  void aMalformedTraceparentStartsANewTrace() throws Exception {
    String topic = newTopic(1);
    String bad = "00-not-a-trace-id-01";
    try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
        HeaderRewriter.class.getName(), HeaderRewriter.CONFIG, bad))) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    try (KafkaConsumer<String, String> consumer = consumer("malformed", topic, 1)) {
      for (ConsumerRecord<String, String> r : pollSome(consumer)) {
        assertThat(headerValues(r, "traceparent")).containsExactly(bad);
        query();
      }
    }
    await(3);
    SpanData send = one(SpanKind.PRODUCER, "send " + topic);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
    assertThat(dbChildrenOf(process)).hasSize(1);
  }

  @Test
  void aRecordWithoutHeadersIsProcessedInATraceOfItsOwn() throws Exception {
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
        HeaderRewriter.class.getName(), HeaderRewriter.CONFIG, "drop"))) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    try (KafkaConsumer<String, String> consumer = consumer("headerless", topic, 1)) {
      for (ConsumerRecord<String, String> r : pollSome(consumer)) {
        assertThat(r.headers().toArray()).isEmpty();
        query();
      }
    }
    await(3);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(dbChildrenOf(process)).hasSize(1);
  }

  @Test
  void aBinaryKeyIsNotRecorded() throws Exception {
    String topic = newTopic(1);
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, new byte[] {(byte) 0xff, 0, 1}, new byte[] {2})).get();
    }
    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      for (ConsumerRecord<byte[], byte[]> r : pollSome(consumer)) {
        assertThat(r.key()).hasSize(3);
      }
    }
    await(2);
    SpanData send = one(SpanKind.PRODUCER, "send " + topic);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    assertThat(send.getAttributes().get(KEY)).isNull();
    assertThat(process.getAttributes().get(KEY)).isNull();
    assertThat(process.getAttributes().get(GROUP)).as("a consumer without a group").isNull();
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
  }

  // ------------------------------------------------------------------ every way of iterating

  @Test
  void forEachOverRecordsOfATopic() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> {
      for (ConsumerRecord<String, String> r : records.records(topic)) {
        handle.accept(r);
      }
    });
  }

  @Test
  void forEachOverRecordsOfAPartition() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> {
      for (TopicPartition partition : records.partitions()) {
        for (ConsumerRecord<String, String> r : records.records(partition)) {
          handle.accept(r);
        }
      }
    });
  }

  @Test
  void anExplicitIterator() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> {
      Iterator<ConsumerRecord<String, String>> it = records.iterator();
      while (it.hasNext()) {
        handle.accept(it.next());
      }
    });
  }

  @Test
  void iterableForEach() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> records.forEach(handle));
  }

  @Test
  void aStream() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) ->
        StreamSupport.stream(records.spliterator(), false).forEach(handle));
  }

  @Test
  void aSpliteratorAdvancedOneAtATime() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> {
      Spliterator<ConsumerRecord<String, String>> spliterator = records.spliterator();
      while (spliterator.tryAdvance(handle)) {
        // each record handled in the action
      }
    });
  }

  @Test
  void aStreamOfAPartitionsRecords() throws Exception {
    assertEachRecordHandledInItsSpan((records, topic, handle) -> {
      for (TopicPartition partition : records.partitions()) {
        records.records(partition).stream().forEach(handle);
      }
    });
  }

  @Test
  void aLoopLeftEarlyHasItsSpanEndedByTheNextPoll() throws Exception {
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "a")).get();
      producer.send(new ProducerRecord<>(topic, "b")).get();
    }
    try (KafkaConsumer<String, String> consumer = consumer("early", topic, 1)) {
      List<ConsumerRecords<String, String>> polls = pollAll(consumer, 2);
      for (ConsumerRecord<String, String> r : polls.get(polls.size() - 1)) {
        query();
        break;
      }
      assertThat(hasContext()).as("the record's span is still current after the break").isTrue();
      consumer.poll(Duration.ofMillis(10));
      assertThat(hasContext()).as("the next poll ended it").isFalse();
    }
    await(3);
    SpanData process = of(SpanKind.CONSUMER, "process " + topic).get(0);
    assertThat(dbChildrenOf(process)).hasSize(1);
  }

  @Test
  void anotherConsumerPolledWhileARecordIsHandledLeavesItsSpanAlone() throws Exception {
    String topic = newTopic(1);
    String other = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "a")).get();
    }
    try (KafkaConsumer<String, String> consumer = consumer("outer", topic, 1);
        KafkaConsumer<String, String> lookup = consumer("inner", other, 1)) {
      for (ConsumerRecord<String, String> r : pollSome(consumer)) {
        lookup.poll(Duration.ofMillis(10));
        query();
      }
      assertThat(hasContext()).isFalse();
    }
    await(3);
    assertThat(dbChildrenOf(one(SpanKind.CONSUMER, "process " + topic))).hasSize(1);
  }

  interface Iteration {
    void iterate(ConsumerRecords<String, String> records, String topic, Consumer<ConsumerRecord<String, String>> handle);
  }

  /**
   * Three records on two partitions; the iteration's handler runs a query for each and must see that
   * record's process span current: each query is the child of the process span of the record (by offset
   * and partition), and nothing is current after the iteration.
   */
  private void assertEachRecordHandledInItsSpan(Iteration iteration) throws Exception {
    String topic = newTopic(2);
    try (KafkaProducer<String, String> producer = producer()) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, "key-" + i, "value-" + i)).get();
      }
    }
    List<String> handled = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("iterating", topic, 2)) {
      for (ConsumerRecords<String, String> records : pollAll(consumer, 3)) {
        iteration.iterate(records, topic, r -> {
          assertThat(hasContext()).isTrue();
          query();
          handled.add(r.value());
        });
        assertThat(hasContext()).as("nothing current after the iteration").isFalse();
      }
    }
    assertThat(handled).containsExactlyInAnyOrder("value-0", "value-1", "value-2");
    await(9);
    List<SpanData> processes = of(SpanKind.CONSUMER, "process " + topic);
    assertThat(processes).hasSize(3);
    List<SpanData> sends = of(SpanKind.PRODUCER, "send " + topic);
    for (SpanData process : processes) {
      assertThat(dbChildrenOf(process)).as("the query of " + process).hasSize(1);
      SpanData send = sends.stream().filter(s -> s.getSpanId().equals(process.getParentSpanId())).findFirst()
          .orElseThrow(() -> new AssertionError("no producer parent for " + process));
      assertThat(process.getAttributes().get(KEY)).isEqualTo(send.getAttributes().get(KEY));
      assertThat(process.getAttributes().get(PARTITION)).isEqualTo(send.getAttributes().get(PARTITION));
      assertThat(process.getAttributes().get(OFFSET)).isEqualTo(send.getAttributes().get(OFFSET));
    }
  }

  private static KafkaConsumer<String, String> subscribed(String group, String topic) throws Exception {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "shop-consumer");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
