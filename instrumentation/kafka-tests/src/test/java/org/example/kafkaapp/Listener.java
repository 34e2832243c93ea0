package org.example.kafkaapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A record listener as a framework runs one: an {@link ExtendedKafkaConsumer} reading partition 0 of a
 * topic from the start, the handler called for each record of the first poll that returns any; returns
 * the values handled.
 */
public final class Listener implements Callable<List<String>> {
  private final Map<String, Object> config;
  private final String topic;
  private final Consumer<String> handler;

  public Listener(Map<String, Object> config, String topic, Consumer<String> handler) {
    this.config = config;
    this.topic = topic;
    this.handler = handler;
  }

  @Override
  public List<String> call() {
    // kafka-clients loads configured classes (metrics reporters) through the context class loader: the
    // application's, as a container sets it
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(Listener.class.getClassLoader());
    try {
      return poll();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private List<String> poll() {
    List<String> handled = new ArrayList<>();
    try (ExtendedKafkaConsumer<String, String> consumer =
        new ExtendedKafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (handled.isEmpty() && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> record : records) {
          handler.accept(record.value());
          handled.add(record.value());
        }
      }
    }
    return handled;
  }
}
