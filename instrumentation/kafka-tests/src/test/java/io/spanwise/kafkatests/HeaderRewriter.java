package io.spanwise.kafkatests;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer interceptor (it runs inside {@code send}, after the agent wrote the headers) that stands for a
 * producer without propagation: {@code rewrite.traceparent=drop} sends the record without any header,
 * any other value sends it with that {@code traceparent}.
 */
public final class HeaderRewriter implements ProducerInterceptor<String, String> {
  static final String CONFIG = "rewrite.traceparent";
  private String traceparent;

  @Override
  public void configure(Map<String, ?> configs) {
    traceparent = (String) configs.get(CONFIG);
  }

  @Override
  public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
    ProducerRecord<String, String> rewritten =
        new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value());
    if (!"drop".equals(traceparent)) {
      rewritten.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
    }
    return rewritten;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

  @Override
  public void close() {}
}
