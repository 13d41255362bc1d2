package org.nextim.gateway.service;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A small bounded cache whose entries expire: at most {@code maxEntries} (the least recently used go
 * first), each kept {@code ttlMs} after it was put. Thread-safe; for facts that are cheap to look up
 * again when they fall out.
 */
final class ExpiringCache<K, V> {

  private record Entry<V>(V value, long expiresAt) {
  }

  private final int maxEntries;
  private final long ttlMs;
  private final LongSupplier clock;
  private final LinkedHashMap<K, Entry<V>> map;

  ExpiringCache(int maxEntries, long ttlMs, LongSupplier clock) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.clock = clock;
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > ExpiringCache.this.maxEntries;
      }
    };
  }

  ExpiringCache(int maxEntries, long ttlMs) {
    this(maxEntries, ttlMs, System::currentTimeMillis);
  }

  /** The value, or null when absent or expired. */
  synchronized V get(K key) {
    Entry<V> e = map.get(key);
    if (e == null) {
      return null;
    }
    if (e.expiresAt() <= clock.getAsLong()) {
      map.remove(key);
      return null;
    }
    return e.value();
  }

  synchronized void put(K key, V value) {
    map.put(key, new Entry<>(value, clock.getAsLong() + ttlMs));
  }

  synchronized void remove(K key) {
    map.remove(key);
  }

  synchronized void removeValues(Predicate<V> match) {
    for (Iterator<Entry<V>> it = map.values().iterator(); it.hasNext(); ) {
      if (match.test(it.next().value())) {
        it.remove();
      }
    }
  }

  synchronized int size() {
    return map.size();
  }
}
