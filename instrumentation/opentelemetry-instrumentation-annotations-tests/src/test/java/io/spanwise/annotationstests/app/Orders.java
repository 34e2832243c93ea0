package io.spanwise.annotationstests.app;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.AddingSpanAttributes;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An application class using the current annotations (io.opentelemetry.instrumentation.annotations). */
public class Orders {
  public static final String DB = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";

  @WithSpan
  public int countOrders() throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @WithSpan("process_checkout")
  public String checkout(@SpanAttribute("order.id") String orderId, @SpanAttribute long quantity,
      @SpanAttribute("gift") boolean gift, @SpanAttribute("price") double price,
      @SpanAttribute("tags") List<String> tags, @SpanAttribute("sizes") long[] sizes,
      @SpanAttribute("weights") List<Double> weights, String notAnAttribute, @SpanAttribute("count") Integer count)
      throws SQLException {
    return validateInventory(orderId) + ":" + countOrders();
  }

  @WithSpan(value = "validate_inventory")
  String validateInventory(String orderId) {
    return "ok-" + orderId;
  }

  @WithSpan(kind = SpanKind.CLIENT)
  public void callOut() {}

  @WithSpan(value = "pricing.calculate", kind = SpanKind.PRODUCER)
  public static long price(@SpanAttribute("sku") String sku) {
    return 42;
  }

  @WithSpan(inheritContext = false)
  public void detached() {}

  @WithSpan("failing")
  public void fail(String message) {
    throw new IllegalStateException(message);
  }

  @WithSpan("later")
  public CompletableFuture<String> later(CompletableFuture<String> result) {
    return result;
  }

  @WithSpan("stage")
  public CompletionStage<String> stage(CompletableFuture<String> result) {
    return result.thenApply(value -> value + "!");
  }

  @WithSpan("null.future")
  public CompletableFuture<String> nullFuture() {
    return null;
  }

  @AddingSpanAttributes
  public void enrich(@SpanAttribute("customer.tier") String tier, @SpanAttribute("customer.age") int age) {}

  @WithSpan("enriched")
  public void enrichedWork() {
    enrich("gold", 42);
  }

  @WithSpan("outer.detached")
  public void outerDetached() {
    detached();
  }

  @AddingSpanAttributes
  @WithSpan("both")
  public void both(@SpanAttribute("who") String who) {}

  public void notAnnotated() {}

  @WithSpan
  public int recursive(int depth) {
    return depth == 0 ? 0 : 1 + recursive(depth - 1);
  }

  /** A class nested in another: its span names the simple name. */
  public static class Inner {
    @WithSpan
    public String nested() {
      return "inner";
    }
  }

  /** An interface with an annotated default method; the generic override has a bridge method. */
  public interface Handler<T> {
    T handle(T value);
  }

  /** javac copies the annotation to the bridge method handle(Object): one span all the same. */
  public static class StringHandler implements Handler<String> {
    @WithSpan
    @Override
    public String handle(String value) {
      return value.toUpperCase();
    }
  }

  public static void createTable() throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS orders (id INT)");
      statement.execute("INSERT INTO orders VALUES (1), (2)");
    }
  }
}
