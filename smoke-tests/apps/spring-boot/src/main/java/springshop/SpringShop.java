package springshop;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot shop: {@code GET /items/{name}} answers the item's price from H2 (JdbcTemplate over
 * HikariCP); {@code GET /owners/{ownerId}} through a Spring Data JDBC repository ({@link Owners}), which
 * throws for an unknown owner; {@code /shop.css} a static resource; {@code GET /stock/{item}} calls
 * {@code GET /warehouse/{item}} of the same application with Spring's {@code RestClient}, which answers
 * with the {@code traceparent} header it received; Actuator's {@code /actuator/health}. With {@code --shop.kafka=true --spring.kafka.bootstrap-servers=host:port}, also
 * {@code GET /orders?item=mug} sends the item on topic {@code spring-orders} and a {@code @KafkaListener}
 * records each one in the shipments table, then prints {@code shipped <item> at offset <n>}; and
 * {@code GET /packages?item=box} sends the item on topic {@code spring-packing}, where a batch listener
 * records each batch in the shipments table, then prints {@code packed <n> record(s)}. With
 * {@code --library-first}, {@code KafkaConsumer} is loaded by name before Spring starts. Prints
 * {@code Spring shop listening on http://127.0.0.1:<port>} once it serves.
 */
@SpringBootApplication
public class SpringShop {
  public static final String TOPIC = "spring-orders";
  public static final String PACKING = "spring-packing";

  public static void main(String[] args) throws ClassNotFoundException {
    if (java.util.Arrays.asList(args).contains("--library-first")) {
      // the order that always worked: KafkaConsumer before Spring's subclass of it
      Class.forName("org.apache.kafka.clients.consumer.KafkaConsumer");
    }
    SpringApplication.run(SpringShop.class, args);
  }

  /**
   * Boot's {@code local.server.port} at ApplicationReadyEvent: the same on Boot 3 and 4, where
   * {@code WebServerInitializedEvent} moved package (Boot 4: {@code org.springframework.boot.web.server.context}).
   */
  @EventListener(ApplicationReadyEvent.class)
  public void onStarted(ApplicationReadyEvent event) {
    System.out.println("Spring shop listening on http://127.0.0.1:"
        + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
  }

  @Bean
  @ConditionalOnProperty("shop.kafka")
  public NewTopic ordersTopic() {
    return new NewTopic(TOPIC, 1, (short) 1);
  }

  @Bean
  @ConditionalOnProperty("shop.kafka")
  public NewTopic packingTopic() {
    return new NewTopic(PACKING, 1, (short) 1);
  }

  /** Boot's consumer factory, batch listeners. */
  @Bean
  @ConditionalOnProperty("shop.kafka")
  public ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(ConsumerFactory<Object, Object> consumers) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumers);
    factory.setBatchListener(true);
    return factory;
  }

  @RestController
  public static class Shop {
    private final JdbcTemplate jdbc;
    private final ObjectProvider<KafkaTemplate<String, String>> kafka;
    private final Environment environment;
    private final RestClient http = RestClient.create();

    public Shop(JdbcTemplate jdbc, ObjectProvider<KafkaTemplate<String, String>> kafka, Environment environment) {
      this.jdbc = jdbc;
      this.kafka = kafka;
      this.environment = environment;
    }

    private static final Logger log = LoggerFactory.getLogger(Shop.class);

    @GetMapping("/items/{name}")
    public String price(@PathVariable("name") String name) {
      log.info("looking up item {}", name);
      return name + " " + jdbc.queryForObject("SELECT price FROM items WHERE name = ?", String.class, name);
    }

    /**
     * Asks the warehouse ({@code /warehouse/{item}}, this same application) over HTTP with Spring's
     * RestClient (its default request factory here: the JDK's {@code HttpClient}).
     */
    @GetMapping("/stock/{item}")
    public String stock(@PathVariable("item") String item) {
      String answer = http.get()
          .uri("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/warehouse/{item}", item)
          .retrieve()
          .body(String.class);
      return "stock of " + item + ": " + answer;
    }

    /** The second service: answers with the traceparent header it received. */
    @GetMapping("/warehouse/{item}")
    public String warehouse(@PathVariable("item") String item,
        @RequestHeader(name = "traceparent", required = false) String traceparent) {
      return "traceparent=" + traceparent;
    }

    @GetMapping("/orders")
    public String order(@RequestParam("item") String item) throws Exception {
      var sent = kafka.getObject().send(TOPIC, item, item).get(30, TimeUnit.SECONDS);
      return "sent " + item + " at offset " + sent.getRecordMetadata().offset();
    }

    @GetMapping("/packages")
    public String pack(@RequestParam("item") String item) throws Exception {
      var sent = kafka.getObject().send(PACKING, item, item).get(30, TimeUnit.SECONDS);
      return "sent " + item + " for packing at offset " + sent.getRecordMetadata().offset();
    }
  }

  @Component
  @ConditionalOnProperty("shop.kafka")
  public static class Shipping {
    private final JdbcTemplate jdbc;

    public Shipping(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @KafkaListener(topics = TOPIC)
    public void ship(ConsumerRecord<String, String> record) {
      jdbc.update("INSERT INTO shipments (item) VALUES (?)", record.value());
      System.out.println("shipped " + record.value() + " at offset " + record.offset());
    }

    @KafkaListener(topics = PACKING, groupId = "spring-shop-packing", containerFactory = "batchFactory")
    public void pack(List<ConsumerRecord<String, String>> records) {
      jdbc.update("INSERT INTO shipments (item) VALUES (?)", "packed " + records.size());
      System.out.println("packed " + records.size() + " record(s)");
    }
  }
}
