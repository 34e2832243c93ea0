package io.spanwise.kafkatests;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.kafkabroker.KafkaBroker;
import io.spanwise.testing.InProcessAgent;
import io.spanwise.testing.TestRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What the Kafka tests share: the in-process agent, one broker per test JVM (started by the first test
 * class that asks, stopped when the JVM exits), an H2 database, clients, requests and span lookups.
 */
final class KafkaFixture {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
  static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static KafkaBroker broker;
  private static JdbcDataSource database;

  private KafkaFixture() {}

  /** The agent with these settings (first call in the JVM wins), and an H2 database. */
  static void install(Map<String, String> properties) {
    InProcessAgent.install(properties);
    if (database == null) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:kafka;DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(20))");
        s.execute("INSERT INTO orders VALUES (1, 'mug')");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      database = h2;
    }
  }

  /** The broker of this JVM, started on first use (after the agent: the tests' classes load after it). */
  static synchronized KafkaBroker broker() throws Exception {
    if (broker == null) {
      broker = KafkaBroker.start();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    }
    return broker;
  }

  /** A new topic with this many partitions; every test uses its own. */
  static String newTopic(int partitions) throws Exception {
    String topic = "orders-" + TOPICS.incrementAndGet();
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    return topic;
  }

  static KafkaProducer<String, String> producer() throws Exception {
    return producer(Map.of());
  }

  static KafkaProducer<String, String> producer(Map<String, Object> extra) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "shop-producer");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** A consumer in group {@code group}, reading the topic's partitions from the start (assigned, no rebalance). */
  static KafkaConsumer<String, String> consumer(String group, String topic, int partitions) throws Exception {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "shop-consumer");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> assigned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assigned.add(new TopicPartition(topic, p));
    }
    consumer.assign(assigned);
    return consumer;
  }

  /** Polls until the next poll returns records, and returns them (a poll that returned nothing is skipped). */
  static <K, V> ConsumerRecords<K, V> pollSome(KafkaConsumer<K, V> consumer) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerRecords<K, V> records = consumer.poll(Duration.ofMillis(200));
      if (!records.isEmpty()) {
        return records;
      }
    }
    throw new AssertionError("no records within " + WAIT);
  }

  /** Polls until {@code count} records arrived in one poll's worth or several (each poll returned). */
  static <K, V> List<ConsumerRecords<K, V>> pollAll(KafkaConsumer<K, V> consumer, int count) {
    List<ConsumerRecords<K, V>> polls = new ArrayList<>();
    int seen = 0;
    while (seen < count) {
      ConsumerRecords<K, V> records = pollSome(consumer);
      polls.add(records);
      seen += records.count();
    }
    return polls;
  }

  /** Runs the body with a SERVER span current, as a servlet's request would; returns that span's id. */
  static String inRequest(Callable<?> body) throws Exception {
    ActiveSpan span = TestRequest.startServerSpan();
    try (ContextScope ignored = span.makeCurrent()) {
      body.call();
    } finally {
      TestRequest.endServerSpan(span);
    }
    return serverSpan().getSpanId();
  }

  /** One JDBC query on the calling thread: a CLIENT span. */
  static String query() {
    try (Connection c = database.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT item FROM orders WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rows = p.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean hasContext() {
    return Tracing.currentContextOrNull() != null;
  }

  // ------------------------------------------------------------------ spans

  static List<SpanData> await(int count) {
    return InProcessAgent.awaitSpans(count, WAIT);
  }

  static List<SpanData> all() {
    return InProcessAgent.install().getFinishedSpanItems();
  }

  static SpanData serverSpan() {
    return one(SpanKind.SERVER, null);
  }

  static List<SpanData> of(SpanKind kind, String name) {
    return all().stream()
        .filter(s -> s.getKind() == kind && (name == null || s.getName().equals(name)))
        .collect(Collectors.toList());
  }

  /** The one span of this kind and name (any name when null); fails listing all spans otherwise. */
  static SpanData one(SpanKind kind, String name) {
    List<SpanData> found = of(kind, name);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " span " + name + ", got " + found.size() + " of " + all());
    }
    return found.get(0);
  }

  /** The database spans whose parent is this span. */
  static List<SpanData> dbChildrenOf(SpanData parent) {
    return all().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT && s.getAttributes().get(DB_SYSTEM) != null)
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId())
            && s.getTraceId().equals(parent.getTraceId()))
        .collect(Collectors.toList());
  }

  /** Every value of a header, as text. */
  static List<String> headerValues(Headers headers, String name) {
    List<String> values = new ArrayList<>();
    for (Header header : headers.headers(name)) {
      values.add(new String(header.value(), StandardCharsets.UTF_8));
    }
    return values;
  }

  static List<String> headerValues(ConsumerRecord<?, ?> record, String name) {
    return headerValues(record.headers(), name);
  }

  /** The W3C traceparent a span's context is sent as. */
  static String traceparentOf(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-01";
  }
}
