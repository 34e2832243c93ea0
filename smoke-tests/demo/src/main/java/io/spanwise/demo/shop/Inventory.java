package io.spanwise.demo.shop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stock and prices. The lookup is simulated as the slow part of a checkout (a remote inventory service or
 * a database query in a real shop; a later version of the demo backs it with a database).
 */
public final class Inventory {
  static final long LOOKUP_MILLIS = 120;

  private final Map<String, Integer> pricesCents = Map.of("book", 1999, "pen", 250, "mug", 899, "lamp", 3450);
  private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of(
      "book", 1_000_000, "pen", 1_000_000, "mug", 1_000_000, "lamp", 0));

  /** A reservation of {@code quantity} items at the current price. */
  public static final class Reservation {
    private final String item;
    private final int quantity;
    private final int totalCents;

    Reservation(String item, int quantity, int totalCents) {
      this.item = item;
      this.quantity = quantity;
      this.totalCents = totalCents;
    }

    public String item() {
      return item;
    }

    public int quantity() {
      return quantity;
    }

    public int totalCents() {
      return totalCents;
    }
  }

  public Reservation reserve(String item, int quantity) throws CheckoutException {
    simulateLatency(LOOKUP_MILLIS);
    Integer price = pricesCents.get(item);
    if (price == null) {
      throw new CheckoutException(404, "unknown item: " + item);
    }
    int[] reserved = {0};
    stock.computeIfPresent(item, (k, left) -> {
      if (left >= quantity) {
        reserved[0] = quantity;
        return left - quantity;
      }
      return left;
    });
    if (reserved[0] == 0) {
      throw new CheckoutException(409, "out of stock: " + item);
    }
    return new Reservation(item, quantity, price * quantity);
  }

  static void simulateLatency(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
