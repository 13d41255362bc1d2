package org.nextim.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buckets on a clock of their own (the caller passes the time). */
class TokenBucketTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aBurstThenTheSustainedRate() {
    long now = System.nanoTime();
    TokenBucket b = new RateLimit(10, 5).bucket(now);
    for (int i = 0; i < 5; i++) {
      assertEquals(0, b.take(now), "burst token " + i);
    }
    long wait = b.take(now);
    assertTrue(wait > 0 && wait <= SECOND / 10, "the next token in a tenth of a second: " + wait);
    assertEquals(0, b.take(now + wait), "there then");
    assertTrue(b.take(now + wait) > 0, "and only one");
    // Idle for a second: full again, not more than the burst.
    long later = now + wait + SECOND;
    assertTrue(b.full(later));
    for (int i = 0; i < 5; i++) {
      assertEquals(0, b.take(later), "refilled token " + i);
    }
    assertTrue(b.take(later) > 0, "the burst is the cap");
  }

  @Test
  void keyedBucketsStayBoundedWhateverTheKeys() {
    KeyedBuckets keyed = new KeyedBuckets(new RateLimit(1, 2), 320);
    long now = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      keyed.take("attacker-" + i, now);
    }
    assertTrue(keyed.size() <= 320, "at most maxKeys buckets: " + keyed.size());
    assertEquals(0, keyed.take("bob", now));
    assertEquals(0, keyed.take("bob", now));
    assertTrue(keyed.take("bob", now) > 0, "bob's bucket is his own");
  }

  @Test
  void specs() {
    assertEquals(new RateLimit(10, 60), RateLimit.parse("X", "10:60"));
    assertEquals(new RateLimit(0.5, 3), RateLimit.parse("X", " 0.5:3 "));
    assertTrue(RateLimit.parse("X", "off").off());
    assertTrue(RateLimit.parse("X", "0").off());
    assertEquals("10:60", new RateLimit(10, 60).toString());
    for (String bad : new String[] {"10", "a:b", "10:0", "-1:5", ":5", "10:", "NaN:3", "Infinity:3"}) {
      assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("X", bad), bad);
    }
  }
}
