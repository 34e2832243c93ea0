package io.spanwise.kafkatests;

import static io.spanwise.kafkatests.KafkaFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spanwise.kafka.consumer-mode=batch}: an application that takes the whole batch and handles it
 * after the loop (the pattern whose traces other agents leave disjoint) gets a poll span linked to every
 * producer, with its work inside; per-record process spans stay children of their producers.
 */
class KafkaBatchModeTest {
  @BeforeAll
  static void start() throws Exception {
    install(Map.of("spanwise.kafka.consumer-mode", "batch"));
    broker();
  }

  @BeforeEach
  void reset() {
    InProcessAgent.reset();
  }

  @Test
  void aBatchHandledAfterThePollIsInThePollSpansTraceLinkedToEveryProducer() throws Exception {
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      inRequest(() -> {
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
        }
        return null;
      });
    }
    List<ConsumerRecord<String, String>> batch = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("batch", topic, 1)) {
      List<ConsumerRecords<String, String>> polls = pollAll(consumer, 3);
      for (ConsumerRecords<String, String> records : polls) {
        records.forEach(batch::add);
      }
      // The whole batch is handled here, after the loop: one query for all of it.
      assertThat(hasContext()).as("the poll span's context is current after poll").isTrue();
      query();
      consumer.poll(Duration.ofMillis(10));
      assertThat(hasContext()).as("the next poll ends it").isFalse();
    }
    assertThat(batch).hasSize(3);

    await(1 + 3 + 3 + 1);
    List<SpanData> sends = of(SpanKind.PRODUCER, "send " + topic);
    List<SpanData> polls = of(SpanKind.CONSUMER, "poll " + topic);
    assertThat(sends).hasSize(3);
    assertThat(polls).isNotEmpty();
    List<String> linked = polls.stream().flatMap(p -> p.getLinks().stream())
        .map(l -> l.getSpanContext().getSpanId()).collect(Collectors.toList());
    assertThat(linked).as("one link per record, to its producer")
        .containsExactlyInAnyOrderElementsOf(sends.stream().map(SpanData::getSpanId).collect(Collectors.toList()));
    long counted = 0;
    for (SpanData poll : polls) {
      assertThat(poll.getAttributes().get(OPERATION_TYPE)).isEqualTo("receive");
      assertThat(poll.getAttributes().get(OPERATION_NAME)).isEqualTo("poll");
      assertThat(poll.getAttributes().get(SYSTEM)).isEqualTo("kafka");
      assertThat(poll.getAttributes().get(DESTINATION)).isEqualTo(topic);
      assertThat(poll.getAttributes().get(GROUP)).isEqualTo("batch");
      assertThat(poll.getAttributes().get(BATCH_COUNT)).isEqualTo((long) poll.getLinks().size());
      counted += poll.getAttributes().get(BATCH_COUNT);
    }
    assertThat(counted).isEqualTo(3);

    SpanData lastPoll = polls.stream().max((a, b) -> Long.compare(a.getEndEpochNanos(), b.getEndEpochNanos())).get();
    assertThat(dbChildrenOf(lastPoll)).as("the batch's work is in the poll span's trace").hasSize(1);

    List<SpanData> processes = of(SpanKind.CONSUMER, "process " + topic);
    assertThat(processes).hasSize(3);
    for (SpanData process : processes) {
      assertThat(sends).anySatisfy(send -> {
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
      });
      assertThat(process.getLinks()).extracting(LinkData::getSpanContext)
          .anySatisfy(link -> assertThat(polls).anySatisfy(
              poll -> assertThat(link.getSpanId()).isEqualTo(poll.getSpanId())));
    }
  }

  @Test
  void aRecordHandledInTheLoopStillNestsItsWorkUnderItsProcessSpan() throws Exception {
    String topic = newTopic(1);
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    try (KafkaConsumer<String, String> consumer = consumer("per-record", topic, 1)) {
      for (ConsumerRecord<String, String> r : pollSome(consumer)) {
        query();
      }
    }
    await(4);
    SpanData process = one(SpanKind.CONSUMER, "process " + topic);
    SpanData send = one(SpanKind.PRODUCER, "send " + topic);
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(dbChildrenOf(process)).hasSize(1);
    assertThat(one(SpanKind.CONSUMER, "poll " + topic).getLinks()).hasSize(1);
  }
}
