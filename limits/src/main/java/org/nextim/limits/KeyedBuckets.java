package org.nextim.limits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key (a user, a client address) in bounded memory: at most {@code maxKeys} buckets,
 * in stripes with a lock each (no lock shared by all callers). A full stripe forgets its least recently
 * used bucket, which is most likely full again (forgetting it changes nothing): so many keys chosen by
 * a caller cost at most {@code maxKeys} buckets, and at worst make the limit more lenient for a key that
 * was pushed out.
 */
public final class KeyedBuckets {

  private static final int STRIPES = 32;

  private final RateLimit limit;
  private final int perStripe;
  private final Stripe[] stripes = new Stripe[STRIPES];

  public KeyedBuckets(RateLimit limit, int maxKeys) {
    this.limit = limit;
    this.perStripe = Math.max(1, maxKeys / STRIPES);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** Takes a token for {@code key}: 0 when taken, else nanoseconds until one is there. */
  public long take(String key, long nowNs) {
    if (limit.off()) {
      return 0;
    }
    Stripe stripe = stripes[(key.hashCode() & 0x7fffffff) % STRIPES];
    TokenBucket bucket;
    synchronized (stripe) {
      bucket = stripe.get(key);
      if (bucket == null) {
        if (stripe.size() >= perStripe) {
          stripe.prune(perStripe);
        }
        bucket = limit.bucket(nowNs);
        stripe.put(key, bucket);
      }
    }
    return bucket.take(nowNs);
  }

  /** Buckets held now (for tests: memory stays bounded). */
  public int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  /** Access-ordered: the first entry is the least recently used. */
  private static final class Stripe extends LinkedHashMap<String, TokenBucket> {
    Stripe() {
      super(16, 0.75f, true);
    }

    /** Makes room: the least recently used bucket goes (likely full again, so nothing is lost). */
    void prune(int max) {
      Iterator<Map.Entry<String, TokenBucket>> lru = entrySet().iterator();
      while (size() >= max && lru.hasNext()) {
        lru.next();
        lru.remove();
      }
    }
  }
}
