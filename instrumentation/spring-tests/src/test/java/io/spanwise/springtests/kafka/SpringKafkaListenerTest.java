package io.spanwise.springtests.kafka;

import static io.spanwise.springtests.kafka.KafkaListenerFixture.WAIT;
import static io.spanwise.springtests.kafka.KafkaListenerFixture.ofKind;
import static io.spanwise.springtests.kafka.KafkaListenerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spring Kafka 3.3 listener containers with the agent in-process, against the KRaft test broker: a record
 * listener runs in its record's CONSUMER span (its SQL under it, its exception on it), a batch listener in
 * one batch span linked to every producer, each record keeping a process span in its producer's trace.
 * One broker and one Spring context for the class.
 */
class SpringKafkaListenerTest {
  private static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  private static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private static KafkaListenerFixture kafka;

  @BeforeAll
  static void start() throws Exception {
    // The settings of SpringMvcRouteTest: the agent is installed once per JVM.
    InProcessAgent.install(Map.of("otel.instrumentation.java-http-client.enabled", "false"));
    kafka = KafkaListenerFixture.start();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void clear() {
    InProcessAgent.reset();
  }

  @Test
  void recordListenerRunsInItsRecordsProcessSpan() throws Exception {
    SpanData request = kafka.sendInRequest(KafkaListenerApp.RECORDS, "mug");

    List<SpanData> spans = InProcessAgent.awaitExactly(4, WAIT);
    List<SpanData> sends = ofKind(spans, SpanKind.PRODUCER);
    assertThat(sends).as("KafkaTemplate.send is one PRODUCER span").hasSize(1);
    SpanData send = sends.get(0);
    assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
    SpanData process = only(spans, SpanKind.CONSUMER);
    assertThat(process.getName()).isEqualTo("process spring-records");
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(process.getAttributes().get(GROUP)).isEqualTo("shipping");
    assertThat(process.getAttributes().get(OFFSET)).isNotNull();
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData insert = only(spans, SpanKind.CLIENT);
    assertThat(insert.getAttributes().get(QUERY)).isEqualTo("INSERT INTO shipments (item) VALUES (?)");
    assertThat(insert.getParentSpanId()).as("the listener's SQL under its record's span").isEqualTo(process.getSpanId());
  }

  @Test
  void recordsOfOnePollEachGetTheirOwnSpanAndNothingLeaks() throws Exception {
    // Two records, one after the other on the container thread (one poll or two).
    SpanData first = kafka.sendInRequest(KafkaListenerApp.RECORDS, "cup");
    SpanData second = kafka.sendInRequest(KafkaListenerApp.RECORDS, "plate");

    List<SpanData> spans = InProcessAgent.awaitExactly(8, WAIT);
    for (SpanData request : List.of(first, second)) {
      List<SpanData> trace = spans.stream().filter(s -> s.getTraceId().equals(request.getTraceId()))
          .collect(Collectors.toList());
      assertThat(trace).as("request, send, process, insert").hasSize(4);
      SpanData process = only(trace, SpanKind.CONSUMER);
      assertThat(process.getParentSpanId()).isEqualTo(only(trace, SpanKind.PRODUCER).getSpanId());
      assertThat(only(trace, SpanKind.CLIENT).getParentSpanId()).isEqualTo(process.getSpanId());
    }
  }

  @Test
  void listenersExceptionIsRecordedOnItsRecordsSpan() throws Exception {
    SpanData request = kafka.sendInRequest(KafkaListenerApp.RECORDS, "boom");

    List<SpanData> spans = InProcessAgent.awaitExactly(3, WAIT);
    SpanData process = only(spans, SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // The application's exception, not Spring's ListenerExecutionFailedException around it.
    String type = KafkaListenerApp.ShipmentRefusedException.class.getName();
    assertThat(process.getAttributes().get(ERROR_TYPE)).isEqualTo(type);
    List<EventData> exceptions = process.getEvents().stream().filter(e -> e.getName().equals("exception"))
        .collect(Collectors.toList());
    assertThat(exceptions).hasSize(1);
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(KafkaListenerApp.ShipmentRefusedException.class.getCanonicalName());
  }

  /**
   * Three records of two requests, polled as one batch: one batch span (a new trace: its records come
   * from two) linked to the three producers, the listener's SQL under it, and each record's own process
   * span in its producer's trace, linked to the batch. Then a batch of one record: the batch span
   * continues that record's trace, so the request, the send and the listener's SQL are one trace.
   */
  @Test
  void batchListenerRunsInOneSpanLinkedToEveryProducer() throws Exception {
    SpanData first = kafka.sendInRequest(KafkaListenerApp.BATCHES, "a", "b");
    SpanData second = kafka.sendInRequest(KafkaListenerApp.BATCHES, "c");
    kafka.startBatchListener();

    // 2 requests, 3 sends, the batch, 3 records' process spans, 1 insert
    List<SpanData> spans = InProcessAgent.awaitExactly(10, WAIT);
    List<SpanData> sends = ofKind(spans, SpanKind.PRODUCER);
    assertThat(sends).hasSize(3);
    SpanData batch = spans.stream().filter(s -> s.getAttributes().get(BATCH_COUNT) != null)
        .collect(Collectors.collectingAndThen(Collectors.toList(), KafkaListenerFixture::single));
    assertThat(batch.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(batch.getName()).isEqualTo("process spring-batches");
    assertThat(batch.getAttributes().get(BATCH_COUNT)).isEqualTo(3L);
    assertThat(batch.getAttributes().get(DESTINATION)).isEqualTo("spring-batches");
    assertThat(batch.getAttributes().get(GROUP)).isEqualTo("packing");
    assertThat(batch.getParentSpanContext().isValid()).as("records of two traces: a trace of its own").isFalse();
    assertThat(batch.getLinks().stream().map(LinkData::getSpanContext).map(SpanContext::getSpanId))
        .containsExactlyInAnyOrderElementsOf(sends.stream().map(SpanData::getSpanId).collect(Collectors.toList()));
    SpanData insert = only(spans, SpanKind.CLIENT);
    assertThat(insert.getParentSpanId()).as("the listener's SQL under the batch").isEqualTo(batch.getSpanId());

    List<SpanData> recordSpans = spans.stream()
        .filter(s -> s.getKind() == SpanKind.CONSUMER && s != batch).collect(Collectors.toList());
    assertThat(recordSpans).hasSize(3);
    for (SpanData send : sends) {
      SpanData record = recordSpans.stream().filter(s -> s.getParentSpanId().equals(send.getSpanId()))
          .collect(Collectors.collectingAndThen(Collectors.toList(), KafkaListenerFixture::single));
      assertThat(record.getName()).isEqualTo("process spring-batches");
      assertThat(record.getTraceId()).isEqualTo(send.getTraceId());
      assertThat(record.getLinks()).extracting(l -> l.getSpanContext().getSpanId()).containsExactly(batch.getSpanId());
    }
    assertThat(sends).extracting(SpanData::getTraceId)
        .containsExactlyInAnyOrder(first.getTraceId(), first.getTraceId(), second.getTraceId());

    InProcessAgent.reset();
    SpanData alone = kafka.sendInRequest(KafkaListenerApp.BATCHES, "d");
    // request, send, batch, the record's span, insert
    List<SpanData> one = InProcessAgent.awaitExactly(5, WAIT);
    assertThat(one).as("one trace from the request to the listener's SQL")
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(alone.getTraceId()));
    SpanData send = only(one, SpanKind.PRODUCER);
    SpanData batchOfOne = one.stream().filter(s -> s.getAttributes().get(BATCH_COUNT) != null)
        .collect(Collectors.collectingAndThen(Collectors.toList(), KafkaListenerFixture::single));
    assertThat(batchOfOne.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(only(one, SpanKind.CLIENT).getParentSpanId()).isEqualTo(batchOfOne.getSpanId());
  }
}
