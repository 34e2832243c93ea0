package io.spanwise.instrumentation.spi;

import com.blogspot.mydailyjava.weaklockfree.WeakConcurrentMap;

/**
 * A concurrent map with weak identity keys for the agent's per-request bookkeeping (the context waiting
 * for a task, the SQL of a prepared statement): an entry never keeps the application's object alive.
 *
 * <p>Like {@code WeakConcurrentMap.WithInlinedExpunction}, stale entries are expunged by the map's own
 * operations (no cleaner thread; polling an empty reference queue is one volatile read), so a key that is
 * gone frees its value at the next lookup. Unlike it, a lookup allocates nothing: the lookup key is reused
 * per thread, and {@link #approximateSize()} stays a plain size, for empty-map fast paths.
 */
public final class WeakKeyMap<K, V> extends WeakConcurrentMap<K, V> {
  public WeakKeyMap() {
    super(false, true);
  }

  @Override
  public V put(K key, V value) {
    expungeStaleEntries();
    return super.put(key, value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    expungeStaleEntries();
    return super.putIfAbsent(key, value);
  }

  @Override
  public V get(K key) {
    expungeStaleEntries();
    return super.get(key);
  }

  @Override
  public V getIfPresent(K key) {
    expungeStaleEntries();
    return super.getIfPresent(key);
  }

  @Override
  public V remove(K key) {
    expungeStaleEntries();
    return super.remove(key);
  }

  /** The number of entries, after expunging those whose key is gone. */
  public int size() {
    expungeStaleEntries();
    return approximateSize();
  }
}
