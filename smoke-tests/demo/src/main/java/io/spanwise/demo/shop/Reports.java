package io.spanwise.demo.shop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's summary: three independent queries run side by side on the report pool (three threads of
 * the shop's own, not the server's) with {@code CompletableFuture.supplyAsync}, then joined. Nothing in
 * this code carries the request's trace to the pool: the agent does.
 */
public final class Reports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reports.class);
  private final DataSource db;
  private final ExecutorService pool = Executors.newFixedThreadPool(3, new Named("shop-report-"));

  public Reports(DataSource db) {
    this.db = db;
  }

  /** Orders placed, their total, and the items in stock. */
  public Summary summary() {
    CompletableFuture<Long> orders = CompletableFuture.supplyAsync(
        () -> number("SELECT COUNT(*) FROM orders"), pool);
    CompletableFuture<Long> revenue = CompletableFuture.supplyAsync(
        () -> number("SELECT COALESCE(SUM(total_cents), 0) FROM orders"), pool);
    CompletableFuture<Long> inStock = CompletableFuture.supplyAsync(
        () -> number("SELECT COUNT(*) FROM inventory WHERE stock > 0"), pool);
    CompletableFuture.allOf(orders, revenue, inStock).join();
    return new Summary(orders.join(), revenue.join(), inStock.join());
  }

  private long number(String sql) {
    log.info("report query: {}", sql);
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** What {@code GET /summary} shows. */
  public static final class Summary {
    private final long orders;
    private final long revenueCents;
    private final long itemsInStock;

    Summary(long orders, long revenueCents, long itemsInStock) {
      this.orders = orders;
      this.revenueCents = revenueCents;
      this.itemsInStock = itemsInStock;
    }

    public String describe() {
      return String.format("orders: %d, revenue: %d.%02d, items in stock: %d",
          orders, revenueCents / 100, revenueCents % 100, itemsInStock);
    }
  }

  private static final class Named implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    Named(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    }
  }
}
