package io.spanwise.demo.shop;

import java.util.Optional;

/** The checkout flow: reserve stock (slow), take payment, record the order. */
public final class Shop {
  private final Inventory inventory;
  private final PaymentService payments;
  private final OrderStore orders;

  public Shop(Inventory inventory, PaymentService payments, OrderStore orders) {
    this.inventory = inventory;
    this.payments = payments;
    this.orders = orders;
  }

  public static Shop create() {
    OrderStore orders = new OrderStore();
    orders.save(new Order(42, "book", 1, 1999, "pay-seed"));
    return new Shop(new Inventory(), new PaymentService(), orders);
  }

  public Order checkout(String item, int quantity) throws CheckoutException {
    Inventory.Reservation reservation = inventory.reserve(item, quantity);
    String paymentId = payments.charge(reservation.totalCents());
    return orders.create(item, quantity, reservation.totalCents(), paymentId);
  }

  public Optional<Order> order(long id) {
    return orders.find(id);
  }
}
