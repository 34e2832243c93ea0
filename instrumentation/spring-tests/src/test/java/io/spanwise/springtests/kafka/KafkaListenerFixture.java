package io.spanwise.springtests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.Tracing;
import io.spanwise.kafkabroker.KafkaBroker;
import io.spanwise.testing.InProcessAgent;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What the Spring Kafka tests share: the KRaft test broker with the application's topics, its H2 table,
 * the running {@link KafkaListenerApp}, a request that sends records, and span look-ups. Started once per
 * test class, after the test installed the agent with its settings.
 */
final class KafkaListenerFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  private final KafkaBroker broker;
  private final AnnotationConfigApplicationContext spring;
  private final KafkaTemplate<String, String> template;

  @SuppressWarnings("unchecked")
  private KafkaListenerFixture(KafkaBroker broker, AnnotationConfigApplicationContext spring) {
    this.broker = broker;
    this.spring = spring;
    this.template = spring.getBean(KafkaTemplate.class);
  }

  static KafkaListenerFixture start() throws Exception {
    KafkaBroker broker = KafkaBroker.start();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(KafkaListenerApp.RECORDS, 1, (short) 1),
          new NewTopic(KafkaListenerApp.BATCHES, 1, (short) 1))).all().get();
    }
    try (Connection c = KafkaListenerApp.database().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE shipments (item VARCHAR(40))");
    }
    KafkaListenerApp.bootstrapServers = broker.bootstrapServers();
    return new KafkaListenerFixture(broker, new AnnotationConfigApplicationContext(KafkaListenerApp.class));
  }

  /** Starts the batch listener (not started with the application), so that records sent before are one batch. */
  void startBatchListener() {
    spring.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(KafkaListenerApp.BATCH_LISTENER).start();
  }

  /** Sends the values in a request's span (ended when the broker acknowledged them all); returns that span. */
  SpanData sendInRequest(String topic, String... values) throws Exception {
    ActiveSpan request = Tracing.startSpan(io.spanwise.bootstrap.api.SpanKind.SERVER, "GET /orders").activate();
    try {
      for (String value : values) {
        template.send(topic, value, value).get(30, TimeUnit.SECONDS);
      }
    } finally {
      request.end(null);
    }
    return InProcessAgent.awaitSpans(1, WAIT).stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("GET /orders")
            && s.getEndEpochNanos() > 0)
        .reduce((a, b) -> b).orElseThrow();
  }

  @Override
  public void close() {
    spring.close();
    broker.close();
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
  }

  static SpanData only(List<SpanData> spans, SpanKind kind) {
    return single(ofKind(spans, kind));
  }

  static SpanData single(List<SpanData> spans) {
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }
}
