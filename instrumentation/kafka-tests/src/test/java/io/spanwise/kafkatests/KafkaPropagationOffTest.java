package io.spanwise.kafkatests;

import static io.spanwise.kafkatests.KafkaFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.instrumentation.kafka.producer-propagation.enabled=false}: send spans, no headers written.
 * No broker needed: the producer points at a closed port, and the record's headers are what the test reads.
 */
class KafkaPropagationOffTest {
  @Test
  void sendsAreTracedButRecordsGetNoHeaders() throws Exception {
    install(Map.of("otel.instrumentation.kafka.producer-propagation.enabled", "false"));
    InProcessAgent.reset();
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
    ProducerRecord<String, String> record = new ProducerRecord<>("orders", "k", "v");
    record.headers().add("tenant", "acme".getBytes());
    CompletableFuture<Exception> answered = new CompletableFuture<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      inRequest(() -> producer.send(record, (metadata, error) -> answered.complete(error)));
    }
    assertThat(answered.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(headerValues(record.headers(), "traceparent")).isEmpty();
    assertThat(record.headers().toArray()).hasSize(1);
    await(2);
    SpanData send = one(SpanKind.PRODUCER, "send orders");
    assertThat(send.getParentSpanId()).isEqualTo(serverSpan().getSpanId());
  }
}
