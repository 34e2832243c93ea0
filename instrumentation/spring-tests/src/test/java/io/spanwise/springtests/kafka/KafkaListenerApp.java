package io.spanwise.springtests.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A Spring Kafka application as a user writes one, without Spring Boot: a {@code KafkaTemplate}, a
 * {@code @KafkaListener} record listener that writes each record to H2 (and throws for {@code "boom"}),
 * and a batch listener (started by the test) that writes one row per batch. Failed records are not
 * retried (the default error handler with no back-off attempts).
 */
@Configuration
@EnableKafka
class KafkaListenerApp {
  static final String RECORDS = "spring-records";
  static final String BATCHES = "spring-batches";
  static final String BATCH_LISTENER = "batches";
  static String bootstrapServers;
  static final JdbcDataSource DATABASE = new JdbcDataSource();

  static {
    DATABASE.setURL("jdbc:h2:mem:springkafka;DB_CLOSE_DELAY=-1");
    DATABASE.setUser("sa");
  }

  /** What the record listener throws for a record it refuses: the type its span must report. */
  static final class ShipmentRefusedException extends RuntimeException {
    ShipmentRefusedException(String message) {
      super(message);
    }
  }

  @Bean
  ConsumerFactory<String, String> consumerFactory() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "shipping");
    return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer());
  }

  @Bean
  KafkaTemplate<String, String> kafkaTemplate() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
      ConsumerFactory<String, String> consumers) {
    return factory(consumers);
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<String, String> batchFactory(ConsumerFactory<String, String> consumers) {
    ConcurrentKafkaListenerContainerFactory<String, String> factory = factory(consumers);
    factory.setBatchListener(true);
    return factory;
  }

  private static ConcurrentKafkaListenerContainerFactory<String, String> factory(
      ConsumerFactory<String, String> consumers) {
    ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumers);
    factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(0L, 0L)));
    return factory;
  }

  @Bean
  Listeners listeners() {
    return new Listeners();
  }

  static class Listeners {
    @KafkaListener(id = "records", topics = RECORDS, groupId = "shipping")
    void ship(ConsumerRecord<String, String> record) throws SQLException {
      if (record.value().equals("boom")) {
        throw new ShipmentRefusedException("cannot ship " + record.value());
      }
      insert(record.value());
    }

    @KafkaListener(id = BATCH_LISTENER, topics = BATCHES, groupId = "packing", containerFactory = "batchFactory",
        autoStartup = "false")
    void pack(List<ConsumerRecord<String, String>> records) throws SQLException {
      insert("batch of " + records.size());
    }
  }

  static void insert(String item) throws SQLException {
    try (Connection connection = DATABASE.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO shipments (item) VALUES (?)")) {
      insert.setString(1, item);
      insert.executeUpdate();
    }
  }

  static DataSource database() {
    return DATABASE;
  }
}
