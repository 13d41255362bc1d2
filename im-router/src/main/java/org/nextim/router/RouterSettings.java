package org.nextim.router;

import org.nextim.launcher.config.ConnectionSettings;
import org.nextim.launcher.config.Setting;
import org.nextim.launcher.config.Settings;
import org.nextim.launcher.config.Types;
import org.nextim.launcher.config.ValueType;
import org.nextim.limits.RateLimit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.nextim.router.RouterConfig.*;

/**
 * Every variable the router reads, with its type, default and meaning: the one list {@link RouterConfig}
 * is read from and docs/configuration.md's router table is generated from.
 */
public final class RouterSettings {

  /** {@code domain=apikey,...}: at least one, no empty names or keys. */
  static final ValueType<Map<String, String>> DOMAIN_KEYS = Types.custom(
      "a comma-separated list of domain=apikey pairs", RouterSettings::parseDomains,
      m -> m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));

  /** One {@code host:port} of the cluster's join list. */
  static final ValueType<String> MEMBER = Types.custom("host:port", member -> {
    int colon = member.lastIndexOf(':');
    if (colon <= 0 || Integer.parseInt(member.substring(colon + 1)) <= 0) { // NumberFormatException too
      throw new IllegalArgumentException("not host:port");
    }
    return member;
  });

  static final ValueType<RateLimit> RATE = Types.custom(RateLimit.FORMAT, s -> RateLimit.parse("limit", s),
      RateLimit::toString);

  public static final Setting<Integer> PORT = Setting.of("ROUTER_PORT", Types.integer(0, 65535), DEFAULT_PORT,
      "HTTP port (0 picks a free one; the log line `im-router listening on HOST:PORT` tells)");
  public static final Setting<String> HOST = Setting.of("ROUTER_HOST", Types.text(), DEFAULT_HOST, "bind address");
  public static final Setting<Map<String, String>> DOMAINS = Setting.of("ROUTER_DOMAINS", DOMAIN_KEYS,
      parseDomains(DEFAULT_DOMAINS), "tenants seeded at start (a seeded domain that `ROUTER_TENANTS_FILE` or the "
          + "running cluster has keeps that state); set but empty is an error, not the default")
      .withBlankAsAValue();
  public static final Setting<String> ADMIN_TOKEN = Setting.optional("ROUTER_ADMIN_TOKEN", Types.token(16),
      "unset (admin off)", "the bearer token of the admin API and console under `/admin/` (it guards every "
          + "tenant); unset, `/admin/*` answers 404").withSecretValue();
  public static final Setting<String> TENANTS_FILE = Setting.optional("ROUTER_TENANTS_FILE", Types.text(),
      "unset (memory only)", "JSON file the tenants are kept in across restarts (written atomically by the "
          + "cluster's oldest node; key digests only)");
  public static final Setting<Long> KEY_OVERLAP_S = Setting.of("ROUTER_KEY_OVERLAP_S",
      Types.longInteger(0, Long.MAX_VALUE), DEFAULT_KEY_OVERLAP_S,
      "seconds a rotated-out apikey stays valid when the rotation does not say");
  public static final Setting<Long> POLL_TIMEOUT_MS = Setting.of("ROUTER_POLL_TIMEOUT_MS",
      Types.longInteger(1, Long.MAX_VALUE), DEFAULT_POLL_TIMEOUT_MS, "how long an empty poll is held");
  public static final Setting<Long> IDLE_TIMEOUT_MS = Setting.of("ROUTER_IDLE_TIMEOUT_MS",
      Types.longInteger(1, Long.MAX_VALUE), DEFAULT_IDLE_TIMEOUT_MS,
      "page idle limit, and the grace before a user's offline is announced");
  public static final Setting<Integer> PAGE_BUFFER = Setting.of("ROUTER_PAGE_BUFFER", Types.integer(1, 1_000_000),
      DEFAULT_PAGE_BUFFER, "packets kept per page for cursor replay");
  public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("ROUTER_MAX_BODY_BYTES",
      Types.integer(64, Integer.MAX_VALUE), DEFAULT_MAX_BODY_BYTES,
      "larger request bodies get 413 (1 MiB: a login with 5,000 buddies of 64-character ids is ~330 KB)");
  public static final Setting<Integer> EVENT_LOOPS = Setting.of("ROUTER_EVENT_LOOPS", Types.integer(1, 1024),
      DEFAULT_EVENT_LOOPS, "event loops (HTTP, and the cluster lanes this node sends on: up to 4); nodes that "
          + "share a machine should split its cores").withDefaultShown("number of cores");
  public static final Setting<Boolean> CLUSTER = Setting.of("ROUTER_CLUSTER", Types.bool(), false,
      "run as a node of a cluster over the clustered event bus");
  public static final Setting<String> CLUSTER_HOST = Setting.of("ROUTER_CLUSTER_HOST", Types.text(),
      DEFAULT_CLUSTER_HOST, "the address Hazelcast and the event bus bind to and advertise (nothing listens "
          + "elsewhere)");
  public static final Setting<Integer> CLUSTER_PORT = Setting.of("ROUTER_CLUSTER_PORT", Types.integer(1, 65535),
      DEFAULT_CLUSTER_PORT, "Hazelcast port");
  public static final Setting<Integer> EVENTBUS_PORT = Setting.of("ROUTER_EVENTBUS_PORT", Types.integer(0, 65535),
      0, "event bus port (0: any free one)");
  public static final Setting<List<String>> CLUSTER_MEMBERS = Setting.of("ROUTER_CLUSTER_MEMBERS",
      Types.list(MEMBER), List.of(), "TCP-IP join list, e.g. `127.0.0.1:5701,127.0.0.1:5702` (multicast and "
          + "auto-detection are off); Hazelcast's own metrics, which only its Management Center and JMX read, "
          + "are off: the router's are on `GET /metrics`").withDefaultShown("this node only");
  public static final Setting<Integer> CLUSTER_JOIN_WAIT_S = Setting.of("ROUTER_CLUSTER_JOIN_WAIT_S",
      Types.integer(0, 300), 5, "seconds the first member waits for others before it forms the cluster");
  public static final Setting<Integer> CLUSTER_FAILURE_S = Setting.of("ROUTER_CLUSTER_FAILURE_S",
      Types.integer(2, 600), 15, "seconds without heartbeat before a node is declared dead");
  public static final Setting<Long> CLUSTER_CALL_TIMEOUT_MS = Setting.of("ROUTER_CLUSTER_CALL_TIMEOUT_MS",
      Types.longInteger(100, Long.MAX_VALUE), 3000L, "how long a call for a page on another node waits before "
          + "it answers 503 (retryable; a poll waits the poll timeout on top)");
  public static final Setting<String> METRICS_TOKEN = Setting.optional("ROUTER_METRICS_TOKEN", Types.text(),
      "unset (open)", "when set, `GET /metrics` asks for `Authorization: Bearer <token>` (401 otherwise); the "
          + "health endpoints stay open").withSecretValue();
  public static final Setting<Long> REQUEST_TIMEOUT_MS =
      ConnectionSettings.requestTimeoutMs("ROUTER", DEFAULT_REQUEST_TIMEOUT_MS);
  public static final Setting<Long> SHED_LAG_MS = Setting.of("ROUTER_SHED_LAG_MS",
      Types.longInteger(0, Long.MAX_VALUE), DEFAULT_SHED_LAG_MS, "while an event loop runs later than this "
          + "(overload), messages, typing notices and logins are refused 503 `unavailable` with `Retry-After: 1`, "
          + "so that held polls are still answered in time; polls never are (0: never refuse)");
  public static final Setting<Long> SHED_WARM_UP_MS = Setting.of("ROUTER_SHED_WARM_UP_MS",
      Types.longInteger(0, Long.MAX_VALUE), DEFAULT_SHED_WARM_UP_MS, "for this long after the start a late event "
          + "loop refuses nothing: a node just started is slow from loading and compiling its code, not from a queue");
  public static final Setting<Long> KEEPALIVE_TIMEOUT_MS = ConnectionSettings.keepAliveTimeoutMs("ROUTER",
      DEFAULT_KEEPALIVE_TIMEOUT_MS, "; keep it longer than the 60 s a Vert.x client such as the gateway's keeps a "
          + "pooled connection; a held poll is never cut");
  public static final Setting<Boolean> RATE_LIMITS = Setting.of("ROUTER_RATE_LIMITS", Types.bool(), true,
      "`false` turns every rate limit below off (the benchmarks do)");
  public static final Setting<RateLimit> LIMIT_PAGE_MESSAGES = Setting.of("ROUTER_LIMIT_PAGE_MESSAGES", RATE,
      DEFAULT_LIMIT_PAGE_MESSAGES, "messages per page (per second sustained : at once); over it 429 "
          + "`rate_limited` with `Retry-After`");
  public static final Setting<RateLimit> LIMIT_USER_MESSAGES = Setting.of("ROUTER_LIMIT_USER_MESSAGES", RATE,
      DEFAULT_LIMIT_USER_MESSAGES, "messages per user, all its pages");
  public static final Setting<RateLimit> LIMIT_PAGE_TYPING = Setting.of("ROUTER_LIMIT_PAGE_TYPING", RATE,
      DEFAULT_LIMIT_PAGE_TYPING, "typing statuses (`/statuses`) per page");
  public static final Setting<RateLimit> LIMIT_USER_TYPING = Setting.of("ROUTER_LIMIT_USER_TYPING", RATE,
      DEFAULT_LIMIT_USER_TYPING, "typing statuses per user");
  public static final Setting<RateLimit> LIMIT_USER_LOGINS = Setting.of("ROUTER_LIMIT_USER_LOGINS", RATE,
      DEFAULT_LIMIT_USER_LOGINS, "logins per user and domain (at its home node)");
  public static final Setting<RateLimit> LIMIT_ADDRESS_LOGINS = Setting.of("ROUTER_LIMIT_ADDRESS_LOGINS", RATE,
      DEFAULT_LIMIT_ADDRESS_LOGINS, "logins per client address (the gateway's), per node");
  public static final Setting<RateLimit> LIMIT_DOMAIN_MESSAGES = Setting.of("ROUTER_LIMIT_DOMAIN_MESSAGES", RATE,
      RateLimit.OFF, "messages per domain, per node (for a SaaS router)");
  public static final Setting<Integer> LIMIT_DOMAIN_ONLINE = Setting.of("ROUTER_LIMIT_DOMAIN_ONLINE",
      Types.integer(0, Integer.MAX_VALUE), 0, "users online per domain, per node (0: no limit); a new user's "
          + "login over it gets 429");
  public static final Setting<Integer> LIMIT_KEYS = Setting.of("ROUTER_LIMIT_KEYS", Types.integer(32, 100_000_000),
      DEFAULT_LIMIT_KEYS, "login buckets kept (users, and addresses) before the least recently used go");

  /** All of them, in the documentation's order; the file is {@code ROUTER_CONFIG_FILE}. */
  public static final Settings ALL = Settings.of("ROUTER_CONFIG_FILE", List.of(PORT, HOST, DOMAINS, ADMIN_TOKEN,
      TENANTS_FILE, KEY_OVERLAP_S, POLL_TIMEOUT_MS, IDLE_TIMEOUT_MS, PAGE_BUFFER, MAX_BODY_BYTES, EVENT_LOOPS,
      CLUSTER, CLUSTER_HOST, CLUSTER_PORT, EVENTBUS_PORT, CLUSTER_MEMBERS, CLUSTER_JOIN_WAIT_S, CLUSTER_FAILURE_S,
      CLUSTER_CALL_TIMEOUT_MS, METRICS_TOKEN, REQUEST_TIMEOUT_MS, KEEPALIVE_TIMEOUT_MS, SHED_LAG_MS, SHED_WARM_UP_MS, RATE_LIMITS,
      LIMIT_PAGE_MESSAGES, LIMIT_USER_MESSAGES, LIMIT_PAGE_TYPING, LIMIT_USER_TYPING, LIMIT_USER_LOGINS,
      LIMIT_ADDRESS_LOGINS, LIMIT_DOMAIN_MESSAGES, LIMIT_DOMAIN_ONLINE, LIMIT_KEYS));

  private RouterSettings() {
  }

  /** Parses {@code "a.com=key1,b.org=key2"}; rejects empty names or keys, and an empty list. */
  static Map<String, String> parseDomains(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new ValueType.Invalid("'" + p + "' is not domain=apikey");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    if (out.isEmpty()) {
      throw new ValueType.Invalid("no domain in it");
    }
    return Collections.unmodifiableMap(out);
  }
}
