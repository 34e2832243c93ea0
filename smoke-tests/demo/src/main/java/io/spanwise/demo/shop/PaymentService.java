package io.spanwise.demo.shop;

import java.util.UUID;

/** A simulated payment provider: quick compared with the inventory lookup. */
public final class PaymentService {
  static final long CHARGE_MILLIS = 25;

  public String charge(int amountCents) throws CheckoutException {
    if (amountCents <= 0) {
      throw new CheckoutException(400, "nothing to charge");
    }
    Inventory.simulateLatency(CHARGE_MILLIS);
    return "pay-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
