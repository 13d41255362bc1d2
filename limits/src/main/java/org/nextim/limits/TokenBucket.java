package org.nextim.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket, kept as the generic cell rate algorithm: a single "theoretical arrival time" moved
 * by compare-and-set, so any thread may take from it without a lock. Equivalent to a bucket of
 * {@code burst} tokens refilled at {@code perSecond}.
 */
public final class TokenBucket {

  private final long intervalNs;
  private final long toleranceNs;
  private final AtomicLong tat;

  TokenBucket(RateLimit limit, long nowNs) {
    this.intervalNs = Math.max(1, (long) (1e9 / limit.perSecond()));
    this.toleranceNs = intervalNs * (limit.burst() - 1L);
    this.tat = new AtomicLong(nowNs);
  }

  /** Takes a token at {@code nowNs}: 0 when taken, else the nanoseconds until one is there (nothing taken). */
  public long take(long nowNs) {
    while (true) {
      long t = tat.get();
      long start = t - nowNs > 0 ? t : nowNs;
      long wait = start - toleranceNs - nowNs;
      if (wait > 0) {
        return wait;
      }
      if (tat.compareAndSet(t, start + intervalNs)) {
        return 0;
      }
    }
  }

  /** Whether the bucket is full again at {@code nowNs}: forgetting it then changes nothing. */
  public boolean full(long nowNs) {
    return tat.get() - nowNs <= 0;
  }
}
