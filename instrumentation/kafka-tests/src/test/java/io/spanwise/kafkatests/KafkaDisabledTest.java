package io.spanwise.kafkatests;

import static io.spanwise.kafkatests.KafkaFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.Instrumented;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code otel.instrumentation.kafka.enabled=false}: Kafka's classes are left alone. */
class KafkaDisabledTest {
  @Test
  void nothingIsTracedOrWritten() throws Exception {
    install(Map.of("otel.instrumentation.kafka.enabled", "false"));
    InProcessAgent.reset();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "k", "v");
    CompletableFuture<Exception> answered = new CompletableFuture<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      inRequest(() -> producer.send(record, (metadata, error) -> answered.complete(error)));
    }
    assertThat(answered.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(record.headers().toArray()).isEmpty();
    await(1);
    assertThat(of(SpanKind.PRODUCER, null)).isEmpty();
    assertThat(Instrumented.isInstrumented(KafkaProducer.class)).isFalse();
    assertThat(Instrumented.isInstrumented(KafkaConsumer.class)).isFalse();
    assertThat(Instrumented.isInstrumented(ConsumerRecords.class)).isFalse();
  }
}
