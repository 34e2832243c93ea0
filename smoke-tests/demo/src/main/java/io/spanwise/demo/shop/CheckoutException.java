package io.spanwise.demo.shop;

/** A checkout that cannot go through; {@link #status()} is the HTTP status to answer with. */
public final class CheckoutException extends Exception {
  private final int status;

  public CheckoutException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
