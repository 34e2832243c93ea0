package io.spanwise.core.util;

import com.blogspot.mydailyjava.weaklockfree.WeakConcurrentMap;

/**
 * A concurrent map with weak identity keys for the agent's per-request bookkeeping (the context waiting
 * for a task, the SQL of a prepared statement): an entry never keeps the application's object alive.
 *
 * <p>Unlike {@code WeakConcurrentMap.WithInlinedExpunction}, a lookup allocates nothing (the lookup key is
 * reused per thread) and does not poll the reference queue: stale entries are expunged on writes, which
 * is where entries come from. No cleaner thread is started.
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

  /** The number of entries, after expunging those whose key is gone. */
  public int size() {
    expungeStaleEntries();
    return approximateSize();
  }
}
