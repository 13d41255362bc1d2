package org.nextim.router.core;

import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * One tenant (a community site) as the cluster keeps it: its domain, the digests of the apikeys it
 * accepts (the current one, and during a rotation's overlap the previous one), whether it is enabled,
 * its limits, and a version that grows with every change. Immutable: a change makes a new tenant.
 *
 * <p>A deleted tenant stays as a <em>tombstone</em> (its version kept) in the cluster's map, so that a
 * late copy of an older version can never bring it back; tombstones are invisible to everyone else.
 */
public record Tenant(String domain, boolean enabled, long createdMs, TenantLimits limits, byte[] keyDigest,
                     byte[] previousKeyDigest, long previousValidUntilMs, long version, boolean deleted) {

  /** A new tenant, enabled, accepting {@code key}. */
  public static Tenant create(String domain, TenantLimits limits, String key, long nowMs) {
    return new Tenant(domain, true, nowMs, limits, Apikeys.digest(key), null, 0, 0, false);
  }

  /**
   * Whether {@code apikey} opens this tenant at {@code nowMs}: the current key, or the previous one
   * within its overlap. Both digests are always compared (constant time whichever matches).
   */
  public boolean accepts(String apikey, long nowMs) {
    if (deleted) {
      return false;
    }
    byte[] given = Apikeys.digest(apikey);
    boolean current = Apikeys.matches(keyDigest, given);
    boolean previous = Apikeys.matches(previousKeyDigest, given) & nowMs < previousValidUntilMs;
    return current | previous;
  }

  /** A new key; the current one stays valid until {@code previousValidUntilMs} (0: not at all). */
  public Tenant rotated(String newKey, long previousValidUntilMs) {
    return new Tenant(domain, enabled, createdMs, limits, Apikeys.digest(newKey),
        previousValidUntilMs > 0 ? keyDigest : null, previousValidUntilMs, version, false);
  }

  public Tenant withLimits(TenantLimits l) {
    return new Tenant(domain, enabled, createdMs, l, keyDigest, previousKeyDigest, previousValidUntilMs, version, false);
  }

  public Tenant withEnabled(boolean on) {
    return new Tenant(domain, on, createdMs, limits, keyDigest, previousKeyDigest, previousValidUntilMs, version, false);
  }

  public Tenant withVersion(long v) {
    return new Tenant(domain, enabled, createdMs, limits, keyDigest, previousKeyDigest, previousValidUntilMs, v, deleted);
  }

  /** The tombstone of this tenant. */
  public Tenant asDeleted() {
    return new Tenant(domain, false, createdMs, TenantLimits.DEFAULTS, null, null, 0, version, true);
  }

  /** What the cluster's map and the tenants file keep (digests, never keys). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("domain", domain).put("version", version);
    if (deleted) {
      return json.put("deleted", true);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    json.put("enabled", enabled).put("created", createdMs).put("limits", limits.toJson())
        .put("key_sha256", b64.encodeToString(keyDigest));
    if (previousKeyDigest != null) {
      json.put("previous_key_sha256", b64.encodeToString(previousKeyDigest))
          .put("previous_valid_until", previousValidUntilMs);
    }
    return json;
  }

  public static Tenant fromJson(JsonObject json) {
    String domain = json.getString("domain");
    long version = json.getLong("version", 0L);
    if (json.getBoolean("deleted", false)) {
      return new Tenant(domain, false, 0, TenantLimits.DEFAULTS, null, null, 0, version, true);
    }
    Base64.Decoder b64 = Base64.getDecoder();
    String previous = json.getString("previous_key_sha256");
    return new Tenant(domain, json.getBoolean("enabled", true), json.getLong("created", 0L),
        TenantLimits.fromJson(json.getJsonObject("limits"), TenantLimits.DEFAULTS),
        b64.decode(json.getString("key_sha256")), previous == null ? null : b64.decode(previous),
        json.getLong("previous_valid_until", 0L), version, false);
  }
}
