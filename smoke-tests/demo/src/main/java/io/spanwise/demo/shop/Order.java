package io.spanwise.demo.shop;

/** A placed order. */
public final class Order {
  private final long id;
  private final String item;
  private final int quantity;
  private final int totalCents;
  private final String paymentId;

  public Order(long id, String item, int quantity, int totalCents, String paymentId) {
    this.id = id;
    this.item = item;
    this.quantity = quantity;
    this.totalCents = totalCents;
    this.paymentId = paymentId;
  }

  public long id() {
    return id;
  }

  public String describe() {
    return String.format("order %d: %d x %s, %d.%02d EUR, payment %s",
        id, quantity, item, totalCents / 100, totalCents % 100, paymentId);
  }
}
