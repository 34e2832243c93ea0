package io.spanwise.demo.shop;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Orders in memory. */
public final class OrderStore {
  private final Map<Long, Order> orders = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1000);

  public Order create(String item, int quantity, int totalCents, String paymentId) {
    Order order = new Order(nextId.incrementAndGet(), item, quantity, totalCents, paymentId);
    save(order);
    return order;
  }

  void save(Order order) {
    orders.put(order.id(), order);
  }

  public Optional<Order> find(long id) {
    return Optional.ofNullable(orders.get(id));
  }
}
