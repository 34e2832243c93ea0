package io.spanwise.demo.shipping;

import io.spanwise.demo.shop.Order;
import io.spanwise.demo.shop.OrderEvents;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes each placed order to the {@code orders} topic (key: the order id), without waiting for the
 * broker: the request goes on while the producer sends, and a failure is only logged.
 */
public final class KafkaOrderEvents implements OrderEvents, AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final AtomicInteger announced = new AtomicInteger();

  public KafkaOrderEvents(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "shop", ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new StringSerializer());
  }

  @Override
  public void placed(Order order) {
    announced.incrementAndGet();
    producer.send(new ProducerRecord<>(Topics.ORDERS, Long.toString(order.id()), order.describe()),
        (metadata, error) -> {
          if (error != null) {
            System.err.println("shop: order " + order.id() + " was not announced: " + error);
          }
        });
  }

  /** Orders announced so far (sent or being sent). */
  public int announced() {
    return announced.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
