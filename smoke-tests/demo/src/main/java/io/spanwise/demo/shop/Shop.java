package io.spanwise.demo.shop;

import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout flow: quote shipping (over gRPC, when a shipping service is set), reserve stock (a slow
 * query), take payment, record the order.
 */
public final class Shop {
  private static final Logger log = LoggerFactory.getLogger(Shop.class);
  private final Inventory inventory;
  private final PaymentService payments;
  private final OrderStore orders;
  private final Reports reports;
  private final DataSource db;
  private volatile OrderEvents events = OrderEvents.NONE;
  private volatile ShippingQuotes shipping = ShippingQuotes.NONE;

  public Shop(Inventory inventory, PaymentService payments, OrderStore orders, Reports reports, DataSource db) {
    this.inventory = inventory;
    this.payments = payments;
    this.orders = orders;
    this.reports = reports;
    this.db = db;
  }

  /** The shop on a new in-memory database (order 42 already placed). */
  public static Shop create() {
    DataSource db = ShopDatabase.create();
    return new Shop(new Inventory(db), new PaymentService(), new OrderStore(db), new Reports(db), db);
  }

  /** The shop's database, for the shipping worker. */
  public DataSource database() {
    return db;
  }

  /** Announce placed orders there from now on. */
  public void announceOrdersTo(OrderEvents events) {
    this.events = events;
  }

  /** Quote shipping there at each checkout from now on. */
  public void quoteShippingWith(ShippingQuotes shipping) {
    this.shipping = shipping;
  }

  public Reports reports() {
    return reports;
  }

  public Order checkout(String item, int quantity) throws CheckoutException {
    String quote = shipping.quote(item, quantity);
    Inventory.Reservation reservation = inventory.reserve(item, quantity);
    log.info("reserved {} x {}, charging {} cents", quantity, item, reservation.totalCents());
    String paymentId = payments.charge(reservation.totalCents());
    Order order = orders.create(item, quantity, reservation.totalCents(), paymentId);
    log.info("order {} placed", order.id());
    events.placed(order);
    return quote == null ? order : order.withShipping(quote);
  }

  public Optional<Order> order(long id) {
    return orders.find(id);
  }
}
