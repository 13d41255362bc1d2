package org.nextim.router.core;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * The tenants (community sites) the router serves: each domain's accepted apikeys, whether it is
 * enabled, its limits. Reads are node-local and never block ({@link #get} is on the path of every REST
 * call); a change completes once every live node applied it. {@link #local} serves one node; the
 * cluster's implementation keeps them in a Hazelcast map ({@code cluster.ClusterTenants}).
 */
public interface Tenants {

  /** A tenant just created, with its apikey (shown once: only its digest is kept). */
  record Created(Tenant tenant, String apikey) {
  }

  /** A tenant whose key was rotated, with its new apikey. */
  record Rotated(Tenant tenant, String apikey) {
  }

  /** One node's tenants, persisted in {@code file} (null: in memory only), seeded with {@code seeds}. */
  static Tenants local(io.vertx.core.Vertx vertx, TenantsFile file, java.util.Map<String, String> seeds) {
    return new LocalTenants(vertx, file, seeds);
  }

  /** Loads the tenants (the file, the seeds, the cluster's); completes when {@link #get} knows them. */
  Future<Void> start();

  void stop();

  /** The live tenant of {@code domain} as this node knows it now, or null. Never blocks. */
  Tenant get(String domain);

  /** Every live tenant, by domain name. */
  Collection<Tenant> all();

  /** Runs {@code listener} after each change this node applies, with the new state (a tombstone when deleted). */
  void listen(Consumer<Tenant> listener);

  /** A new tenant with a generated key; fails with 409 {@code exists} if the domain has one. */
  Future<Created> create(String domain, TenantLimits limits);

  /** A new key; the current one stays valid {@code overlapSeconds} more (0: not at all). */
  Future<Rotated> rotate(String domain, long overlapSeconds);

  /** Replaces the tenant's limits. */
  Future<Tenant> setLimits(String domain, TenantLimits limits);

  /** Enables or disables the tenant (a disabled tenant's calls and polls answer 403 {@code domain_disabled}). */
  Future<Tenant> setEnabled(String domain, boolean enabled);

  /** Forgets the tenant; every node logs its users out. Fails with 404 if there is none. */
  Future<Void> delete(String domain);
}
