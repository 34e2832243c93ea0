package io.spanwise.demo.shop;

/** A placed order. */
public final class Order {
  private final long id;
  private final String item;
  private final int quantity;
  private final int totalCents;
  private final String paymentId;
  private final String shipping;

  public Order(long id, String item, int quantity, int totalCents, String paymentId) {
    this(id, item, quantity, totalCents, paymentId, null);
  }

  private Order(long id, String item, int quantity, int totalCents, String paymentId, String shipping) {
    this.shipping = shipping;
    this.id = id;
    this.item = item;
    this.quantity = quantity;
    this.totalCents = totalCents;
    this.paymentId = paymentId;
  }

  public long id() {
    return id;
  }

  /** The same order with the shipping service's quote (not part of the total: charged on dispatch). */
  public Order withShipping(String quote) {
    return new Order(id, item, quantity, totalCents, paymentId, quote);
  }

  public String describe() {
    return String.format("order %d: %d x %s, %d.%02d EUR, payment %s",
        id, quantity, item, totalCents / 100, totalCents % 100, paymentId)
        + (shipping == null ? "" : "; " + shipping);
  }
}
