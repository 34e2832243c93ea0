package io.spanwise.smoke.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded load on the demo: {@link #THREADS} clients, each sending a request, pausing
 * {@link #PAUSE_MILLIS} and sending the next, for a fixed time. Most requests are cheap ({@code GET /},
 * {@code GET /orders/42}); every tenth is a checkout (three statements, one of them slow). Each request's
 * status and latency are kept.
 */
public final class Load {
  public static final int THREADS = 4;
  static final long PAUSE_MILLIS = 5;

  private Load() {}

  /** The statuses and latencies of one run. */
  public static final class Result {
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void add(int status, long nanos) {
      statuses.merge(status, 1, Integer::sum);
      latencies.add(nanos);
    }

    synchronized void failed(String path, Exception e) {
      failures.add(path + ": " + e);
    }

    public synchronized int requests() {
      return latencies.size() + failures.size();
    }

    /** How many responses had each status. */
    public synchronized Map<Integer, Integer> statuses() {
      return new TreeMap<>(statuses);
    }

    /** Requests that got no response at all. */
    public synchronized List<String> failures() {
      return List.copyOf(failures);
    }

    /** The latency at this percentile (0 to 100), in milliseconds. */
    public synchronized double percentileMillis(double percentile) {
      if (latencies.isEmpty()) {
        return Double.NaN;
      }
      long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
  }

  /** The load on {@code port} for {@code duration}. */
  public static Result run(int port, Duration duration) {
    Result result = new Result();
    long end = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        clients.add(pool.submit(() -> {
          int i = ThreadLocalRandom.current().nextInt(10);
          while (System.nanoTime() < end) {
            String path = i % 10 == 0 ? "/checkout?item=pen" : i % 2 == 0 ? "/orders/42" : "/";
            i++;
            long start = System.nanoTime();
            try {
              int status = Http.get(port, path).statusCode();
              result.add(status, System.nanoTime() - start);
            } catch (RuntimeException e) {
              result.failed(path, e);
            }
            try {
              Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
              return;
            }
          }
        }));
      }
      for (Future<?> client : clients) {
        client.get();
      }
    } catch (Exception e) {
      throw new AssertionError("the load generator failed", e);
    } finally {
      pool.shutdownNow();
    }
    return result;
  }
}
