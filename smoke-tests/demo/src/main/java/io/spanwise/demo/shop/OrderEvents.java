package io.spanwise.demo.shop;

/** Where the shop announces a placed order: nowhere, or a Kafka topic (see {@code shipping.KafkaOrderEvents}). */
public interface OrderEvents {
  OrderEvents NONE = order -> {};

  void placed(Order order);
}
