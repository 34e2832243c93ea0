package io.spanwise.demo.shop;

/** Where the checkout asks for a shipping quote (the shipping service, over gRPC), if anywhere. */
public interface ShippingQuotes {
  /** No shipping service: checkouts are not quoted. */
  ShippingQuotes NONE = (item, quantity) -> null;

  /** The quote as text, or null when there is none. */
  String quote(String item, int quantity) throws CheckoutException;
}
