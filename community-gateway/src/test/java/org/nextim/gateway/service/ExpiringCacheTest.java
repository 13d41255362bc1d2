package org.nextim.gateway.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExpiringCacheTest {

  @Test
  void entriesExpireAndTheLeastRecentlyUsedGoFirst() {
    AtomicLong now = new AtomicLong(1000);
    ExpiringCache<String, String> cache = new ExpiringCache<>(2, 100, now::get);
    cache.put("a", "1");
    cache.put("b", "2");
    assertEquals("1", cache.get("a"));
    cache.put("c", "3"); // b is the least recently used
    assertNull(cache.get("b"));
    assertEquals(2, cache.size());
    now.addAndGet(100);
    assertNull(cache.get("a"), "expired");
    cache.put("d", "x");
    cache.put("e", "x");
    cache.removeValues("x"::equals);
    assertEquals(0, cache.size());
  }
}
