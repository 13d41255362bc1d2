package org.nextim.router.core;

import io.vertx.core.json.JsonObject;

/**
 * A tenant's own limits, over the router's defaults ({@code ROUTER_LIMIT_DOMAIN_MESSAGES},
 * {@code ROUTER_LIMIT_DOMAIN_ONLINE}). A null field keeps the default; 0 means no limit for this
 * domain. Both count per node, like the defaults.
 *
 * @param messagesPerSecond messages a second from the domain's users (bursts of one second's worth)
 * @param maxUsersOnline    users of the domain a node holds at most
 */
public record TenantLimits(Integer messagesPerSecond, Integer maxUsersOnline) {

  public static final TenantLimits DEFAULTS = new TenantLimits(null, null);
  /** Upper bounds that keep a typo from meaning "unlimited in effect" silently; far above real use. */
  static final int MAX_MESSAGES_PER_SECOND = 1_000_000;
  static final int MAX_USERS_ONLINE = 100_000_000;

  public TenantLimits {
    check("messages_per_second", messagesPerSecond, MAX_MESSAGES_PER_SECOND);
    check("max_users_online", maxUsersOnline, MAX_USERS_ONLINE);
  }

  private static void check(String field, Integer value, int max) {
    if (value != null && (value < 0 || value > max)) {
      throw RouterError.invalid(field, "an integer from 0 (no limit) to " + max + ", or null (the router's default)");
    }
  }

  /**
   * Reads {@code {"messages_per_second": N, "max_users_online": M}}; an absent key keeps what
   * {@code base} has, null returns to the default. A bad value is a 400 naming the field.
   */
  public static TenantLimits fromJson(JsonObject json, TenantLimits base) {
    if (json == null) {
      return base;
    }
    for (String key : json.fieldNames()) {
      if (!key.equals("messages_per_second") && !key.equals("max_users_online")) {
        throw RouterError.invalid(key, "unknown limit (messages_per_second, max_users_online)");
      }
    }
    return new TenantLimits(field(json, "messages_per_second", base.messagesPerSecond),
        field(json, "max_users_online", base.maxUsersOnline));
  }

  private static Integer field(JsonObject json, String key, Integer dflt) {
    if (!json.containsKey(key)) {
      return dflt;
    }
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw RouterError.invalid(key, "an integer, or null (the router's default)");
  }

  public JsonObject toJson() {
    return new JsonObject().put("messages_per_second", messagesPerSecond).put("max_users_online", maxUsersOnline);
  }
}
