package io.spanwise.smoke.support;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What an OTLP receiver stores, and the waiting helpers tests use on it. Thread-safe. */
public abstract class TraceReceiver implements AutoCloseable {
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int exportRequests;
  private final List<Arrival> arrivals = new ArrayList<>();

  /**
   * One export request: when it arrived ({@link System#nanoTime()}) and what it was answered (the HTTP
   * status, or for gRPC the status code: 0 is OK).
   */
  public static final class Arrival {
    public final long nanos;
    public final int status;

    Arrival(long nanos, int status) {
      this.nanos = nanos;
      this.status = status;
    }

    @Override
    public String toString() {
      return status + " at " + nanos / 1_000_000 + " ms";
    }
  }

  /** The endpoint to give the agent as {@code otel.exporter.otlp.endpoint}. */
  public abstract String endpoint();

  protected synchronized void accept(ExportTraceServiceRequest request) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          spans.add(new ReceivedSpan(rs.getResource(), ss.getScope(), span));
        }
      }
    }
    notifyAll();
  }

  protected synchronized void countExportRequest() {
    exportRequests++;
    notifyAll();
  }

  protected synchronized void problem(String description) {
    problems.add(description);
    notifyAll();
  }

  /** How many export calls arrived (also those answered with an error). */
  public synchronized int exportRequests() {
    return exportRequests;
  }

  protected synchronized void recordArrival(long nanos, int status) {
    arrivals.add(new Arrival(nanos, status));
  }

  /** Every export request answered so far, in arrival order. */
  public synchronized List<Arrival> exportArrivals() {
    List<Arrival> copy = new ArrayList<>(arrivals);
    copy.sort(java.util.Comparator.comparingLong(a -> a.nanos));
    return copy;
  }

  /** Requests that could not be decoded, and the like. */
  public synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
    return spans().stream().filter(filter).collect(Collectors.toList());
  }

  public List<ReceivedSpan> spansNamed(String name) {
    return spans(s -> s.name().equals(name));
  }

  public List<ReceivedSpan> trace(String traceId) {
    return spans(s -> s.traceId().equals(traceId));
  }

  public synchronized void clear() {
    spans.clear();
    problems.clear();
    arrivals.clear();
    exportRequests = 0;
  }

  /** Waits until at least {@code count} spans arrived; fails with what did arrive otherwise. */
  public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
    return awaitMatching(s -> true, count, count + " span(s)", timeout);
  }

  public List<ReceivedSpan> awaitSpans(int count) {
    return awaitSpans(count, DEFAULT_WAIT);
  }

  public ReceivedSpan awaitSpan(String name) {
    return awaitSpan(s -> s.name().equals(name), "a span named '" + name + "'", DEFAULT_WAIT);
  }

  public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> filter, String description) {
    return awaitSpan(filter, description, DEFAULT_WAIT);
  }

  public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> filter, String description, Duration timeout) {
    return awaitMatching(filter, 1, description, timeout).get(0);
  }

  /** Waits until at least {@code count} spans match; returns all that match at that point. */
  public synchronized List<ReceivedSpan> awaitMatching(Predicate<ReceivedSpan> filter, int count,
      String description, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> matching = spans.stream().filter(filter).collect(Collectors.toList());
      if (matching.size() >= count) {
        return matching;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + description + " at "
            + endpoint() + "; got " + matching.size() + ". " + describe());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + description, e);
      }
    }
  }

  /** Waits until at least {@code count} export calls arrived. */
  public synchronized void awaitExportRequests(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (exportRequests < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + count
            + " export request(s) at " + endpoint() + ". " + describe());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** A summary for failure messages. */
  public synchronized String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(exportRequests).append(" export request(s), ").append(spans.size()).append(" span(s)");
    for (ReceivedSpan s : spans) {
      sb.append("\n  ").append(s);
    }
    for (String p : problems) {
      sb.append("\n  problem: ").append(p);
    }
    return sb.toString();
  }
}
