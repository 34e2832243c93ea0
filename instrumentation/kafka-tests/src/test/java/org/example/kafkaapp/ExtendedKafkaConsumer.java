package org.example.kafkaapp;

import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A framework's subclass of the consumer, as Spring Kafka's {@code DefaultKafkaConsumerFactory} makes
 * one: loading it loads {@code KafkaConsumer} as its supertype. It overrides nothing.
 */
public class ExtendedKafkaConsumer<K, V> extends KafkaConsumer<K, V> {
  public ExtendedKafkaConsumer(Map<String, Object> config, Deserializer<K> keys, Deserializer<V> values) {
    super(config, keys, values);
  }
}
