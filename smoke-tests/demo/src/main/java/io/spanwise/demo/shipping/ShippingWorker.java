package io.spanwise.demo.shipping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipping service: reads placed orders from the {@code orders} topic (group {@code shipping}) on a
 * thread of its own and records a shipment for each in the database.
 */
public final class ShippingWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShippingWorker.class);
  private final KafkaConsumer<String, String> consumer;
  private final DataSource db;
  private final Thread thread;
  private final AtomicInteger shipped = new AtomicInteger();

  public ShippingWorker(String bootstrapServers, DataSource db) {
    this.db = db;
    this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "shipping", ConsumerConfig.CLIENT_ID_CONFIG, "shipping",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer());
    this.thread = new Thread(this::run, "shipping");
  }

  /** Creates the shipments table (the shop's schema stays as it is without Kafka) and starts reading. */
  public ShippingWorker start() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS shipments (order_id BIGINT PRIMARY KEY, shipped_at TIMESTAMP NOT NULL)");
    }
    consumer.subscribe(List.of(Topics.ORDERS));
    thread.start();
    System.out.println("shipping: reading orders from Kafka");
    return this;
  }

  private void run() {
    try {
      while (true) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          ship(Long.parseLong(record.key()));
        }
      }
    } catch (WakeupException stopping) {
      // close() was called
    } finally {
      consumer.close();
    }
  }

  private void ship(long orderId) {
    try (Connection c = db.getConnection();
        PreparedStatement insert = c.prepareStatement(
            "MERGE INTO shipments (order_id, shipped_at) KEY (order_id) VALUES (?, CURRENT_TIMESTAMP)")) {
      insert.setLong(1, orderId);
      insert.executeUpdate();
      shipped.incrementAndGet();
      log.info("shipping: order {} shipped", orderId);
    } catch (SQLException e) {
      System.err.println("shipping: order " + orderId + " could not be recorded: " + e);
    }
  }

  /** Waits (at most {@code timeout}) until {@code count} orders have been shipped. */
  public void awaitShipped(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (shipped.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
