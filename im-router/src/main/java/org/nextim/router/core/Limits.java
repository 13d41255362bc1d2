package org.nextim.router.core;

import org.nextim.limits.KeyedBuckets;
import org.nextim.limits.RateLimit;
import org.nextim.limits.TokenBucket;

import java.util.concurrent.TimeUnit;

/**
 * The router's rate limits (token buckets; docs/router.md "Limits"). A call over a limit fails with
 * {@link RouterError#rateLimited} (429, {@code Retry-After}) and has no effect. Where each bucket lives:
 * a page's and a user's sends on the page and the user (so at the user's home node in a cluster, and
 * gone with them); logins per user and per client address in bounded {@link KeyedBuckets} of this node;
 * a domain's message rate and online users per node. No lock is shared by all calls: buckets are
 * lock-free, keyed ones striped.
 */
public final class Limits {

  /** Every limit; {@link RateLimit#OFF} or 0 switches one off. */
  public record Settings(RateLimit pageMessages, RateLimit userMessages, RateLimit pageStatuses,
                         RateLimit userStatuses, RateLimit userLogins, RateLimit addressLogins,
                         RateLimit domainMessages, int domainMaxOnline, int maxKeys) {
  }

  /** No limit at all. */
  public static final Limits NONE = new Limits(new Settings(RateLimit.OFF, RateLimit.OFF, RateLimit.OFF,
      RateLimit.OFF, RateLimit.OFF, RateLimit.OFF, RateLimit.OFF, 0, 1));

  /** How long a login refused because its domain is full should wait before it tries again. */
  private static final long FULL_DOMAIN_RETRY_S = 10;

  private final Settings settings;
  private final KeyedBuckets userLogins;
  private final KeyedBuckets addressLogins;

  public Limits(Settings settings) {
    this.settings = settings;
    this.userLogins = new KeyedBuckets(settings.userLogins(), settings.maxKeys());
    this.addressLogins = new KeyedBuckets(settings.addressLogins(), settings.maxKeys());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * A message from {@code page}: its page's, its user's and its domain's rates (the domain's own limit, or
   * the default; see {@link Domain}).
   */
  public void message(Page page, Domain domain) {
    long now = System.nanoTime();
    User user = page.user();
    check(settings.pageMessages().off() ? 0 : page.sends.messages(settings.pageMessages(), now).take(now),
        "messages from this page");
    check(settings.userMessages().off() ? 0 : user.sends.messages(settings.userMessages(), now).take(now),
        "messages from this user");
    TokenBucket inDomain = domain.messageBucket();
    if (inDomain != null) {
      check(inDomain.take(now), "messages in this domain");
    }
  }

  /** A status (typing notice) from {@code page}: its page's and its user's rates. */
  public void status(Page page) {
    long now = System.nanoTime();
    check(settings.pageStatuses().off() ? 0 : page.sends.statuses(settings.pageStatuses(), now).take(now),
        "typing notices from this page");
    check(settings.userStatuses().off() ? 0 : page.user().sends.statuses(settings.userStatuses(), now).take(now),
        "typing notices from this user");
  }

  /** A login of {@code name}: its rate, and room in its domain if it is not online here yet. */
  public void login(Hub hub, Domain domain, String name) {
    check(userLogins.take(domain.name() + '\n' + name, System.nanoTime()), "logins of this user");
    int max = domain.maxOnline();
    if (max > 0 && hub.user(domain.name(), name) == null && hub.userCount(domain.name()) >= max) {
      throw RouterError.rateLimited("too many users online in this domain (at most " + max + ")",
          FULL_DOMAIN_RETRY_S);
    }
  }

  /** A login sent from {@code address} (the gateway's, for a site's REST calls). */
  public void loginFrom(String address) {
    check(addressLogins.take(address, System.nanoTime()), "logins from this address");
  }

  /** Buckets held for logins (for tests: bounded). */
  public int loginBuckets() {
    return userLogins.size() + addressLogins.size();
  }

  private static void check(long waitNs, String what) {
    if (waitNs > 0) {
      throw RouterError.rateLimited("too many requests: " + what,
          Math.max(1, (TimeUnit.NANOSECONDS.toMillis(waitNs) + 999) / 1000));
    }
  }
}
