package io.spanwise.smoke.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the tests of one class share, one per key (for example a demo JVM and its receiver per JDK): started
 * by the first test that asks for it, closed newest first by {@link #close()} in the class's
 * {@code @AfterAll}. Starting a child JVM costs seconds of CPU, a request to it milliseconds; share one
 * where the tests only send requests and check their own spans (found by trace id, or by a request only
 * that test sends), never where a test changes the app's settings or needs it stopped.
 */
public final class Shared<K, V extends AutoCloseable> implements AutoCloseable {
  private final Function<K, V> start;
  private final Map<K, V> started = new HashMap<>();
  private final Deque<V> newestFirst = new ArrayDeque<>();

  public Shared(Function<K, V> start) {
    this.start = start;
  }

  /** The one for {@code key}, started now if no test started it before. */
  public synchronized V get(K key) {
    V value = started.get(key);
    if (value == null) {
      value = start.apply(key);
      started.put(key, value);
      newestFirst.push(value);
    }
    return value;
  }

  @Override
  public synchronized void close() throws Exception {
    Exception first = null;
    while (!newestFirst.isEmpty()) {
      try {
        newestFirst.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    started.clear();
    if (first != null) {
      throw first;
    }
  }
}
