package org.nextim.router.core;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What both implementations of {@link Tenants} share: the node-local copy (tombstones included) that
 * reads go to, applied by version so that a late or repeated copy never undoes a newer one, and the
 * operations as changes of one tenant. An implementation supplies {@link #update}: run a change
 * atomically where the tenants live, and apply the result here.
 */
public abstract class VersionedTenants implements Tenants {

  private static final Logger log = LoggerFactory.getLogger(VersionedTenants.class);
  /** Host-name-like: letters, digits, dots, hyphens, underscores; 1 to 253 characters. */
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?");

  private final Map<String, Tenant> local = new ConcurrentHashMap<>();
  private final List<Consumer<Tenant>> listeners = new CopyOnWriteArrayList<>();
  private final Apikeys apikeys = new Apikeys();

  /** Checks a domain name for {@link #create}: 400 naming {@code domain} when it is not one. */
  public static String checkDomain(String domain) {
    if (domain == null || domain.isEmpty()) {
      throw RouterError.missing("domain");
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw RouterError.invalid("domain", "1 to 253 letters, digits, dots, hyphens or underscores, "
          + "starting and ending with a letter or digit");
    }
    return domain;
  }

  /**
   * Runs {@code change} on the tenant of {@code domain} (null when there is none, or a tombstone) where
   * the tenants live, atomically for that domain; stores its result with the next version and applies it
   * on every live node. The change may throw a {@link RouterError} (nothing is stored then).
   */
  protected abstract Future<Tenant> update(String domain, UnaryOperator<Tenant> change);

  /** Applies {@code t} here if it is newer than what this node has; true if it was. */
  protected final boolean apply(Tenant t) {
    boolean[] applied = new boolean[1];
    local.compute(t.domain(), (d, old) -> {
      if (old != null && old.version() >= t.version()) {
        return old;
      }
      applied[0] = true;
      return t;
    });
    if (applied[0]) {
      for (Consumer<Tenant> l : listeners) {
        try {
          l.accept(t);
        } catch (RuntimeException e) {
          log.error("{}: a tenant listener failed", t.domain(), e);
        }
      }
    }
    return applied[0];
  }

  /** What this node has for {@code domain}, a tombstone included, or null. */
  protected final Tenant stored(String domain) {
    return local.get(domain);
  }

  /** Every tenant this node has, tombstones included (what the file keeps). */
  protected final Collection<Tenant> everything() {
    return new TreeMap<>(local).values();
  }

  @Override
  public final Tenant get(String domain) {
    Tenant t = local.get(domain);
    return t == null || t.deleted() ? null : t;
  }

  @Override
  public final Collection<Tenant> all() {
    List<Tenant> out = new ArrayList<>();
    for (Tenant t : new TreeMap<>(local).values()) {
      if (!t.deleted()) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public final void listen(Consumer<Tenant> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Created> create(String domain, TenantLimits limits) {
    try {
      checkDomain(domain);
    } catch (RouterError e) {
      return Future.failedFuture(e);
    }
    String key = apikeys.generate();
    long now = System.currentTimeMillis();
    return update(domain, old -> {
      if (old != null) {
        throw RouterError.exists("domain '" + domain + "' exists");
      }
      return Tenant.create(domain, limits, key, now);
    }).map(t -> new Created(t, key));
  }

  @Override
  public Future<Rotated> rotate(String domain, long overlapSeconds) {
    String key = apikeys.generate();
    long until = overlapSeconds <= 0 ? 0 : System.currentTimeMillis() + overlapSeconds * 1000;
    return update(domain, old -> existing(domain, old).rotated(key, until)).map(t -> new Rotated(t, key));
  }

  @Override
  public Future<Tenant> setLimits(String domain, TenantLimits limits) {
    return update(domain, old -> existing(domain, old).withLimits(limits));
  }

  @Override
  public Future<Tenant> setEnabled(String domain, boolean enabled) {
    return update(domain, old -> existing(domain, old).withEnabled(enabled));
  }

  @Override
  public Future<Void> delete(String domain) {
    return update(domain, old -> existing(domain, old).asDeleted()).mapEmpty();
  }

  private static Tenant existing(String domain, Tenant old) {
    if (old == null) {
      throw RouterError.noSuchDomain(domain);
    }
    return old;
  }

  /** The next state of a tenant: {@code change} of the live one, at the version after {@code stored}'s. */
  protected static Tenant next(Tenant stored, UnaryOperator<Tenant> change) {
    Tenant live = stored == null || stored.deleted() ? null : stored;
    long version = stored == null ? 1 : stored.version() + 1;
    return change.apply(live).withVersion(version);
  }
}
