package org.nextim.router.core;

import org.nextim.limits.RateLimit;
import org.nextim.limits.TokenBucket;

/** A page's or a user's buckets for what it sends (see {@link Limits}), each made on first use. */
final class SendBuckets {

  private volatile TokenBucket messages;
  private volatile TokenBucket statuses;

  TokenBucket messages(RateLimit limit, long nowNs) {
    TokenBucket b = messages;
    if (b == null) {
      synchronized (this) {
        if (messages == null) {
          messages = limit.bucket(nowNs);
        }
        b = messages;
      }
    }
    return b;
  }

  TokenBucket statuses(RateLimit limit, long nowNs) {
    TokenBucket b = statuses;
    if (b == null) {
      synchronized (this) {
        if (statuses == null) {
          statuses = limit.bucket(nowNs);
        }
        b = statuses;
      }
    }
    return b;
  }
}
