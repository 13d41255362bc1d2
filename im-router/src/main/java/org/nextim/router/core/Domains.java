package org.nextim.router.core;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The domains this node serves, kept in step with the {@link Tenants}: every change of a tenant,
 * wherever it was made, is applied here (a new {@link Domain}, new limits, disabled, gone). What the
 * hot path asks — {@link #authenticate} on every REST call — reads this node's memory only.
 */
public final class Domains {

  private static final Logger log = LoggerFactory.getLogger(Domains.class);

  private final MeterRegistry registry;
  /** The router's default limits, or null when rate limits are off (tenants' own limits too). */
  private final Limits.Settings defaults;
  private final Map<String, Domain> domains = new ConcurrentHashMap<>();
  private final List<Consumer<String>> onGone = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> onDisabled = new CopyOnWriteArrayList<>();

  public Domains(Tenants tenants, MeterRegistry registry, Limits limits) {
    this.registry = registry;
    this.defaults = limits == Limits.NONE ? null : limits.settings();
    tenants.listen(this::changed);
    tenants.all().forEach(this::changed);
  }

  /** Runs {@code action} with the name of each domain deleted from now on (after it is forgotten here). */
  public void onDeleted(Consumer<String> action) {
    onGone.add(action);
  }

  /** Runs {@code action} with the name of each domain disabled from now on. */
  public void onDisabled(Consumer<String> action) {
    onDisabled.add(action);
  }

  private void changed(Tenant t) {
    if (t.deleted()) {
      Domain gone = domains.remove(t.domain());
      if (gone != null) {
        gone.meters().unregister(registry);
        log.info("domain {} deleted: its users are logged out", t.domain());
        onGone.forEach(a -> a.accept(t.domain()));
      }
      return;
    }
    Domain d = domains.computeIfAbsent(t.domain(), name -> new Domain(name, DomainMeters.register(registry, name)));
    boolean wasEnabled = d.tenant() == null || d.enabled();
    d.apply(t, defaults);
    if (wasEnabled && !t.enabled()) {
      log.info("domain {} disabled", t.domain());
      onDisabled.forEach(a -> a.accept(t.domain()));
    }
  }

  /**
   * The domain whose {@code apikey} (the current one, or the previous one within its overlap) this is,
   * compared in constant time; 401 otherwise, 403 {@code domain_disabled} when the pair is right but the
   * domain is disabled.
   */
  public Domain authenticate(String domain, String apikey) {
    Domain d = domain == null ? null : domains.get(domain);
    if (d == null || apikey == null || !d.tenant().accepts(apikey, System.currentTimeMillis())) {
      throw RouterError.authenticationFailed();
    }
    if (!d.enabled()) {
      throw RouterError.domainDisabled();
    }
    return d;
  }

  /** The domain, or null when this node does not serve it. */
  public Domain get(String domain) {
    return domain == null ? null : domains.get(domain);
  }

  /** The series of a domain's users (none for an unknown domain). */
  public DomainMeters meters(String domain) {
    Domain d = domains.get(domain);
    return d == null ? DomainMeters.NONE : d.meters();
  }

  public Collection<Domain> all() {
    return new ArrayList<>(domains.values());
  }
}
