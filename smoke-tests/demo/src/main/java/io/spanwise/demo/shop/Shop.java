package io.spanwise.demo.shop;

import java.util.Optional;
import javax.sql.DataSource;

/** The checkout flow: reserve stock (a slow query), take payment, record the order. */
public final class Shop {
  private final Inventory inventory;
  private final PaymentService payments;
  private final OrderStore orders;
  private final Reports reports;

  public Shop(Inventory inventory, PaymentService payments, OrderStore orders, Reports reports) {
    this.inventory = inventory;
    this.payments = payments;
    this.orders = orders;
    this.reports = reports;
  }

  /** The shop on a new in-memory database (order 42 already placed). */
  public static Shop create() {
    DataSource db = ShopDatabase.create();
    return new Shop(new Inventory(db), new PaymentService(), new OrderStore(db), new Reports(db));
  }

  public Reports reports() {
    return reports;
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
