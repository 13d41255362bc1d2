package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The tenants of a router alone: in this node's memory, persisted to the tenants file (if any) after
 * every change.
 */
final class LocalTenants extends VersionedTenants {

  private final TenantsFile file;
  private final Map<String, String> seeds;

  LocalTenants(Vertx vertx, TenantsFile file, Map<String, String> seeds) {
    this.file = file;
    this.seeds = seeds;
  }

  @Override
  public Future<Void> start() {
    Future<java.util.List<Tenant>> fromFile = file == null ? Future.succeededFuture(java.util.List.of()) : file.load();
    return fromFile.compose(list -> {
      list.forEach(this::apply);
      long now = System.currentTimeMillis();
      // A seeded domain that the file has (even deleted) keeps the file's state.
      seeds.forEach((domain, key) -> {
        if (stored(domain) == null) {
          apply(Tenant.create(domain, TenantLimits.DEFAULTS, key, now));
        }
      });
      return save().otherwiseEmpty();
    });
  }

  @Override
  public void stop() {
  }

  @Override
  protected synchronized Future<Tenant> update(String domain, UnaryOperator<Tenant> change) {
    Tenant next;
    try {
      next = next(stored(domain), change);
    } catch (RouterError e) {
      return Future.failedFuture(e);
    }
    apply(next);
    // A failed write is logged; the change holds in memory and goes in the next write.
    return save().otherwiseEmpty().map(next);
  }

  private Future<Void> save() {
    return file == null ? Future.succeededFuture() : file.save(this::everything);
  }
}
