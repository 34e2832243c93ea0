package io.spanwise.springtests.kafka;

import static io.spanwise.springtests.kafka.KafkaListenerFixture.WAIT;
import static io.spanwise.springtests.kafka.KafkaListenerFixture.ofKind;
import static io.spanwise.springtests.kafka.KafkaListenerFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.spring-kafka.enabled=false} (its own JVM: the surefire execution
 * {@code spring-kafka-off}): no Spring Kafka class is woven, and what is left are the kafka module's spans
 * as for any consumer loop. The same application and records as {@link SpringKafkaListenerTest}, which
 * shows what the module adds: a record listener's exception on its span, and a batch listener's span.
 */
class SpringKafkaSwitchedOffTest {
  private static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  private static final String LISTENER_CONSUMER =
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer";

  private static KafkaListenerFixture kafka;

  @BeforeAll
  static void start() throws Exception {
    InProcessAgent.install(Map.of(
        "otel.instrumentation.java-http-client.enabled", "false",
        "otel.instrumentation.spring-kafka.enabled", "false"));
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

  /** The listener container's consumer thread is the one class the module weaves; kafka-clients still are. */
  @Test
  void noSpringKafkaClassIsWovenWhileKafkaClientsAre() throws Exception {
    // loaded: the application's record listener container is running
    Class<?> listenerConsumer = Class.forName(LISTENER_CONSUMER, false, KafkaListenerApp.class.getClassLoader());
    assertThat(Instrumented.isInstrumented(listenerConsumer)).as(LISTENER_CONSUMER).isFalse();
    for (Class<?> type : List.of(KafkaProducer.class, KafkaConsumer.class, ConsumerRecords.class)) {
      assertThat(Instrumented.isInstrumented(type)).as(type.getName()).isTrue();
    }
  }

  /**
   * The container hands the listener each record while iterating the polled records: the kafka module's
   * process span covers it, a child of the send, with the listener's SQL under it, as with the module on.
   */
  @Test
  void recordListenerStillRunsInTheIterationsProcessSpan() throws Exception {
    SpanData request = kafka.sendInRequest(KafkaListenerApp.RECORDS, "mug");

    List<SpanData> spans = InProcessAgent.awaitExactly(4, WAIT);
    SpanData send = only(spans, SpanKind.PRODUCER);
    assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
    SpanData process = only(spans, SpanKind.CONSUMER);
    assertThat(process.getName()).isEqualTo("process spring-records");
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(only(spans, SpanKind.CLIENT).getParentSpanId()).isEqualTo(process.getSpanId());
  }

  /** The container catches the listener's exception: only the module records it, so here the span is no ERROR. */
  @Test
  void listenersExceptionIsNotOnTheRecordsSpan() throws Exception {
    SpanData request = kafka.sendInRequest(KafkaListenerApp.RECORDS, "boom");

    List<SpanData> spans = InProcessAgent.awaitExactly(3, WAIT);
    SpanData process = only(spans, SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(process.getEvents()).isEmpty();
  }

  /**
   * Three records of two requests, polled as one batch: no batch span (no span with
   * {@code messaging.batch.message_count}, no links); each record's process span, a child of its send,
   * only covers the container copying it into the listener's list; the listener's SQL is outside any span,
   * the root of a trace of its own.
   */
  @Test
  void batchListenersWorkIsOutsideAnySpan() throws Exception {
    kafka.sendInRequest(KafkaListenerApp.BATCHES, "a", "b");
    kafka.sendInRequest(KafkaListenerApp.BATCHES, "c");
    kafka.startBatchListener();

    // 2 requests, 3 sends, 3 records' process spans, 1 insert
    List<SpanData> spans = InProcessAgent.awaitExactly(9, WAIT);
    assertThat(spans).noneMatch(s -> s.getAttributes().get(BATCH_COUNT) != null);
    List<SpanData> sends = ofKind(spans, SpanKind.PRODUCER);
    List<SpanData> records = ofKind(spans, SpanKind.CONSUMER);
    assertThat(records).hasSize(3).allSatisfy(record -> {
      assertThat(record.getName()).isEqualTo("process spring-batches");
      assertThat(record.getLinks()).isEmpty();
      assertThat(sends).extracting(SpanData::getSpanId).contains(record.getParentSpanId());
    });
    SpanData insert = only(spans, SpanKind.CLIENT);
    assertThat(insert.getParentSpanContext().isValid()).as("the listener's SQL has no parent").isFalse();
    assertThat(spans).filteredOn(s -> s != insert)
        .noneMatch(s -> s.getTraceId().equals(insert.getTraceId()));
  }
}
