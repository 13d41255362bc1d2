package org.nextim.router.core;

import org.nextim.limits.RateLimit;
import org.nextim.limits.TokenBucket;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A tenant as this node serves it: the tenant's current state (applied when it changes anywhere in the
 * cluster), its message bucket and online limit on this node, and its series.
 */
public final class Domain {

  private final String name;
  private final DomainMeters meters;
  private volatile Tenant tenant;
  /** Null: no message limit. */
  private volatile TokenBucket messages;
  private volatile int maxOnline;
  /** Messages counted before today (UTC) began, and which day that is. */
  private volatile long messagesBeforeToday;
  private volatile LocalDate today = LocalDate.now(ZoneOffset.UTC);

  Domain(String name, DomainMeters meters) {
    this.name = name;
    this.meters = meters;
  }

  public String name() {
    return name;
  }

  public Tenant tenant() {
    return tenant;
  }

  public boolean enabled() {
    return tenant.enabled();
  }

  public DomainMeters meters() {
    return meters;
  }

  /** The bucket of the domain's messages on this node, or null for none. */
  TokenBucket messageBucket() {
    return messages;
  }

  /** Users of the domain this node may hold (0: no limit). */
  int maxOnline() {
    return maxOnline;
  }

  /** Applies a new state of the tenant; {@code defaults} are the router's, or null when limits are off. */
  void apply(Tenant t, Limits.Settings defaults) {
    TenantLimits before = tenant == null ? null : tenant.limits();
    tenant = t;
    if (defaults == null) {
      messages = null;
      maxOnline = 0;
      return;
    }
    if (!t.limits().equals(before)) {
      Integer rate = t.limits().messagesPerSecond();
      RateLimit limit = rate == null ? defaults.domainMessages() : rate == 0 ? RateLimit.OFF : new RateLimit(rate, rate);
      messages = limit.off() ? null : limit.bucket(System.nanoTime());
      Integer max = t.limits().maxUsersOnline();
      maxOnline = max == null ? defaults.domainMaxOnline() : max;
    }
  }

  /** Messages sent through this node today (UTC); the day turns over at the first call after midnight. */
  public long messagesToday() {
    long total = meters.messages();
    LocalDate now = LocalDate.now(ZoneOffset.UTC);
    if (!now.equals(today)) {
      synchronized (this) {
        if (!now.equals(today)) {
          today = now;
          messagesBeforeToday = total;
        }
      }
    }
    return total - messagesBeforeToday;
  }
}
