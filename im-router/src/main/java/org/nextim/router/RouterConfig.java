package org.nextim.router;

import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Limits;
import org.nextim.limits.RateLimit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's whole configuration, read once at start from the environment (or a JSON object with the
 * same keys). Every field documents its default; {@link #fromEnv(Map)} is the only place that reads
 * variables.
 */
public final class RouterConfig {

  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_DOMAINS = "localhost=public";
  public static final long DEFAULT_POLL_TIMEOUT_MS = 28_000;
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 8_000;
  public static final int DEFAULT_PAGE_BUFFER = 1000;
  public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
  public static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";
  public static final int DEFAULT_CLUSTER_PORT = 5701;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_KEEPALIVE_TIMEOUT_MS = 65_000;
  public static final RateLimit DEFAULT_LIMIT_PAGE_MESSAGES = new RateLimit(10, 60);
  public static final RateLimit DEFAULT_LIMIT_USER_MESSAGES = new RateLimit(20, 120);
  public static final RateLimit DEFAULT_LIMIT_PAGE_TYPING = new RateLimit(20, 100);
  public static final RateLimit DEFAULT_LIMIT_USER_TYPING = new RateLimit(40, 200);
  public static final RateLimit DEFAULT_LIMIT_USER_LOGINS = new RateLimit(2, 30);
  public static final RateLimit DEFAULT_LIMIT_ADDRESS_LOGINS = new RateLimit(200, 1000);
  public static final int DEFAULT_LIMIT_KEYS = 100_000;
  public static final long DEFAULT_KEY_OVERLAP_S = 3600;

  /** HTTP port ({@code ROUTER_PORT}, default 8000; 0 picks a free port). */
  private int port = DEFAULT_PORT;
  /** Bind address ({@code ROUTER_HOST}, default 0.0.0.0). */
  private String host = DEFAULT_HOST;
  /**
   * Tenants seeded at start, domain to apikey ({@code ROUTER_DOMAINS}, default {@code localhost=public}); a
   * seeded domain the tenants file (or the running cluster) has keeps that state.
   */
  private Map<String, String> domains = parseDomains(DEFAULT_DOMAINS);
  /** How long an empty poll is held ({@code ROUTER_POLL_TIMEOUT_MS}, default 28 s). */
  private long pollTimeoutMs = DEFAULT_POLL_TIMEOUT_MS;
  /** Page idle limit and the offline grace ({@code ROUTER_IDLE_TIMEOUT_MS}, default 8 s). */
  private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
  /** Packets kept per page for cursor replay ({@code ROUTER_PAGE_BUFFER}, default 1000). */
  private int pageBuffer = DEFAULT_PAGE_BUFFER;
  /**
   * Larger request bodies get 413 ({@code ROUTER_MAX_BODY_BYTES}, default 1 MiB: a login of a user with
   * 5,000 buddies of 64-character ids is about 330 KB).
   */
  private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  /** HTTP event loops ({@code ROUTER_EVENT_LOOPS}, default: one per core). */
  private int eventLoops = DEFAULT_EVENT_LOOPS;
  /** Run as a node of a cluster over the clustered event bus ({@code ROUTER_CLUSTER}, default false). */
  private boolean cluster;
  /** Address Hazelcast and the event bus bind to and advertise ({@code ROUTER_CLUSTER_HOST}, default 127.0.0.1). */
  private String clusterHost = DEFAULT_CLUSTER_HOST;
  /** Hazelcast port ({@code ROUTER_CLUSTER_PORT}, default 5701). */
  private int clusterPort = DEFAULT_CLUSTER_PORT;
  /** Event bus port ({@code ROUTER_EVENTBUS_PORT}, default 0: any free port). */
  private int eventBusPort;
  /** TCP-IP join list {@code host:port,...} ({@code ROUTER_CLUSTER_MEMBERS}, default: this node only). */
  private List<String> clusterMembers = List.of();
  /** Seconds the first member waits for others before it forms the cluster ({@code ROUTER_CLUSTER_JOIN_WAIT_S}, default 5). */
  private int clusterJoinWaitSeconds = 5;
  /** Seconds without heartbeat before a node is declared dead ({@code ROUTER_CLUSTER_FAILURE_S}, default 15). */
  private int clusterFailureSeconds = 15;
  /**
   * How long a call or poll forwarded to the node holding its page may wait for that node before the
   * answer is 503, retryable ({@code ROUTER_CLUSTER_CALL_TIMEOUT_MS}, default 3000; a poll waits the poll
   * timeout on top).
   */
  private long clusterCallTimeoutMs = 3000;
  /**
   * The bearer token {@code GET /metrics} asks for ({@code ROUTER_METRICS_TOKEN}); unset, the series
   * (which name the domains) are open to whoever reaches the port.
   */
  private String metricsToken;
  /**
   * A connection must deliver its first request's head, and any request its body once the head came,
   * within this long, else it is closed ({@code ROUTER_REQUEST_TIMEOUT_MS}, default 10 s; 0: no limit).
   */
  private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  /**
   * A keep-alive connection with no request for this long after its last reply is closed
   * ({@code ROUTER_KEEPALIVE_TIMEOUT_MS}, default 65 s: longer than the 60 s for which a Vert.x client
   * such as the gateway's keeps a pooled connection; 0: no limit). A held poll is never cut: the clock
   * only runs between a reply and the next request.
   */
  private long keepAliveTimeoutMs = DEFAULT_KEEPALIVE_TIMEOUT_MS;
  /** Rate limits on or off ({@code ROUTER_RATE_LIMITS}, default true; the benchmarks set false). */
  private boolean rateLimits = true;
  /** Messages per page ({@code ROUTER_LIMIT_PAGE_MESSAGES}, {@code RATE:BURST}, default 10:60). */
  private RateLimit pageMessages = DEFAULT_LIMIT_PAGE_MESSAGES;
  /** Messages per user, all its pages ({@code ROUTER_LIMIT_USER_MESSAGES}, default 20:120). */
  private RateLimit userMessages = DEFAULT_LIMIT_USER_MESSAGES;
  /** Statuses (typing) per page ({@code ROUTER_LIMIT_PAGE_TYPING}, default 20:100). */
  private RateLimit pageTyping = DEFAULT_LIMIT_PAGE_TYPING;
  /** Statuses (typing) per user ({@code ROUTER_LIMIT_USER_TYPING}, default 40:200). */
  private RateLimit userTyping = DEFAULT_LIMIT_USER_TYPING;
  /** Logins per user and domain, on this node ({@code ROUTER_LIMIT_USER_LOGINS}, default 2:30). */
  private RateLimit userLogins = DEFAULT_LIMIT_USER_LOGINS;
  /** Logins per client address, on this node ({@code ROUTER_LIMIT_ADDRESS_LOGINS}, default 200:1000). */
  private RateLimit addressLogins = DEFAULT_LIMIT_ADDRESS_LOGINS;
  /** Messages per domain per node ({@code ROUTER_LIMIT_DOMAIN_MESSAGES}, default off). */
  private RateLimit domainMessages = RateLimit.OFF;
  /** Users online per domain per node ({@code ROUTER_LIMIT_DOMAIN_ONLINE}, default 0: no limit). */
  private int domainMaxOnline;
  /**
   * The bearer token of the admin API and console under {@code /admin/} ({@code ROUTER_ADMIN_TOKEN});
   * unset, {@code /admin/*} answers 404.
   */
  private String adminToken;
  /**
   * Where the tenants are kept across restarts ({@code ROUTER_TENANTS_FILE}, a JSON file written
   * atomically; unset: in memory only, tenants made through the admin API are gone when the router, or
   * the whole cluster, stops).
   */
  private String tenantsFile;
  /** How long a rotated apikey stays valid by default ({@code ROUTER_KEY_OVERLAP_S}, default 3600 s). */
  private long keyOverlapSeconds = DEFAULT_KEY_OVERLAP_S;
  /** Login buckets kept per kind (users, addresses) before the least recently used go ({@code ROUTER_LIMIT_KEYS}, default 100,000). */
  private int limitKeys = DEFAULT_LIMIT_KEYS;

  public RouterConfig() {
  }

  /** Reads the keys of {@link #toJson()} (e.g. {@code "ROUTER_PORT": 8000}); absent keys keep defaults. */
  public RouterConfig(JsonObject json) {
    Map<String, String> env = new LinkedHashMap<>();
    json.forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    apply(env);
  }

  /** The configuration from environment variables, defaults for those not set. */
  public static RouterConfig fromEnv(Map<String, String> env) {
    RouterConfig config = new RouterConfig();
    config.apply(env);
    return config;
  }

  private void apply(Map<String, String> env) {
    port = intVar(env, "ROUTER_PORT", port, 0, 65535);
    host = env.getOrDefault("ROUTER_HOST", host).trim();
    if (env.containsKey("ROUTER_DOMAINS")) {
      domains = parseDomains(env.get("ROUTER_DOMAINS"));
    }
    pollTimeoutMs = longVar(env, "ROUTER_POLL_TIMEOUT_MS", pollTimeoutMs, 1);
    idleTimeoutMs = longVar(env, "ROUTER_IDLE_TIMEOUT_MS", idleTimeoutMs, 1);
    pageBuffer = intVar(env, "ROUTER_PAGE_BUFFER", pageBuffer, 1, 1_000_000);
    maxBodyBytes = intVar(env, "ROUTER_MAX_BODY_BYTES", maxBodyBytes, 64, Integer.MAX_VALUE);
    eventLoops = intVar(env, "ROUTER_EVENT_LOOPS", eventLoops, 1, 1024);
    if (env.containsKey("ROUTER_CLUSTER")) {
      String v = env.get("ROUTER_CLUSTER").trim().toLowerCase(java.util.Locale.ROOT);
      if (!v.equals("true") && !v.equals("false") && !v.isEmpty()) {
        throw new IllegalArgumentException("ROUTER_CLUSTER: true or false, got '" + env.get("ROUTER_CLUSTER") + "'");
      }
      cluster = v.equals("true");
    }
    clusterHost = env.getOrDefault("ROUTER_CLUSTER_HOST", clusterHost).trim();
    clusterPort = intVar(env, "ROUTER_CLUSTER_PORT", clusterPort, 1, 65535);
    eventBusPort = intVar(env, "ROUTER_EVENTBUS_PORT", eventBusPort, 0, 65535);
    if (env.containsKey("ROUTER_CLUSTER_MEMBERS")) {
      clusterMembers = parseMembers(env.get("ROUTER_CLUSTER_MEMBERS"));
    }
    clusterJoinWaitSeconds = intVar(env, "ROUTER_CLUSTER_JOIN_WAIT_S", clusterJoinWaitSeconds, 0, 300);
    clusterFailureSeconds = intVar(env, "ROUTER_CLUSTER_FAILURE_S", clusterFailureSeconds, 2, 600);
    clusterCallTimeoutMs = longVar(env, "ROUTER_CLUSTER_CALL_TIMEOUT_MS", clusterCallTimeoutMs, 100);
    String token = env.getOrDefault("ROUTER_METRICS_TOKEN", metricsToken == null ? "" : metricsToken).trim();
    metricsToken = token.isEmpty() ? null : token;
    requestTimeoutMs = longVar(env, "ROUTER_REQUEST_TIMEOUT_MS", requestTimeoutMs, 0);
    keepAliveTimeoutMs = longVar(env, "ROUTER_KEEPALIVE_TIMEOUT_MS", keepAliveTimeoutMs, 0);
    rateLimits = boolVar(env, "ROUTER_RATE_LIMITS", rateLimits);
    pageMessages = rateVar(env, "ROUTER_LIMIT_PAGE_MESSAGES", pageMessages);
    userMessages = rateVar(env, "ROUTER_LIMIT_USER_MESSAGES", userMessages);
    pageTyping = rateVar(env, "ROUTER_LIMIT_PAGE_TYPING", pageTyping);
    userTyping = rateVar(env, "ROUTER_LIMIT_USER_TYPING", userTyping);
    userLogins = rateVar(env, "ROUTER_LIMIT_USER_LOGINS", userLogins);
    addressLogins = rateVar(env, "ROUTER_LIMIT_ADDRESS_LOGINS", addressLogins);
    domainMessages = rateVar(env, "ROUTER_LIMIT_DOMAIN_MESSAGES", domainMessages);
    domainMaxOnline = intVar(env, "ROUTER_LIMIT_DOMAIN_ONLINE", domainMaxOnline, 0, Integer.MAX_VALUE);
    limitKeys = intVar(env, "ROUTER_LIMIT_KEYS", limitKeys, 32, 100_000_000);
    adminToken = optionalVar(env, "ROUTER_ADMIN_TOKEN", adminToken);
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("ROUTER_ADMIN_TOKEN: at least 16 characters (it guards every tenant)");
    }
    tenantsFile = optionalVar(env, "ROUTER_TENANTS_FILE", tenantsFile);
    keyOverlapSeconds = longVar(env, "ROUTER_KEY_OVERLAP_S", keyOverlapSeconds, 0);
  }

  /** A string variable; blank means unset (null). */
  private static String optionalVar(Map<String, String> env, String name, String dflt) {
    String v = env.getOrDefault(name, dflt == null ? "" : dflt).trim();
    return v.isEmpty() ? null : v;
  }

  private static boolean boolVar(Map<String, String> env, String name, boolean dflt) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(name + ": true or false, got '" + raw + "'");
    }
    return v.equals("true");
  }

  private static RateLimit rateVar(Map<String, String> env, String name, RateLimit dflt) {
    String raw = env.get(name);
    return raw == null || raw.isBlank() ? dflt : RateLimit.parse(name, raw);
  }

  /** The rate limits as the router applies them ({@link Limits#NONE} when {@code ROUTER_RATE_LIMITS=false}). */
  public Limits limits() {
    if (!rateLimits) {
      return Limits.NONE;
    }
    return new Limits(new Limits.Settings(pageMessages, userMessages, pageTyping, userTyping, userLogins,
        addressLogins, domainMessages, domainMaxOnline, limitKeys));
  }

  /** Parses {@code "a.com=key1,b.org=key2"}; rejects empty names or keys. */
  static Map<String, String> parseDomains(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : spec.split(",")) {
      String p = pair.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException("ROUTER_DOMAINS: expected domain=apikey, got '" + p + "'");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("ROUTER_DOMAINS: no domain configured");
    }
    return out;
  }

  static List<String> parseMembers(String spec) {
    List<String> out = new ArrayList<>();
    for (String m : spec.split(",")) {
      String member = m.trim();
      if (member.isEmpty()) {
        continue;
      }
      int colon = member.lastIndexOf(':');
      try {
        if (colon <= 0 || Integer.parseInt(member.substring(colon + 1)) <= 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ROUTER_CLUSTER_MEMBERS: expected host:port, got '" + member + "'");
      }
      out.add(member);
    }
    return List.copyOf(out);
  }

  private static int intVar(Map<String, String> env, String name, int dflt, int min, int max) {
    long v = longVar(env, name, dflt, min);
    if (v > max) {
      throw new IllegalArgumentException(name + ": at most " + max + ", got " + v);
    }
    return (int) v;
  }

  private static long longVar(Map<String, String> env, String name, long dflt, long min) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: '" + raw + "'");
    }
    if (v < min) {
      throw new IllegalArgumentException(name + ": at least " + min + ", got " + v);
    }
    return v;
  }

  public JsonObject toJson() {
    StringBuilder d = new StringBuilder();
    domains.forEach((k, v) -> d.append(d.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return new JsonObject()
        .put("ROUTER_PORT", port)
        .put("ROUTER_HOST", host)
        .put("ROUTER_DOMAINS", d.toString())
        .put("ROUTER_POLL_TIMEOUT_MS", pollTimeoutMs)
        .put("ROUTER_IDLE_TIMEOUT_MS", idleTimeoutMs)
        .put("ROUTER_PAGE_BUFFER", pageBuffer)
        .put("ROUTER_MAX_BODY_BYTES", maxBodyBytes)
        .put("ROUTER_EVENT_LOOPS", eventLoops)
        .put("ROUTER_CLUSTER", cluster)
        .put("ROUTER_CLUSTER_HOST", clusterHost)
        .put("ROUTER_CLUSTER_PORT", clusterPort)
        .put("ROUTER_EVENTBUS_PORT", eventBusPort)
        .put("ROUTER_CLUSTER_MEMBERS", String.join(",", clusterMembers))
        .put("ROUTER_CLUSTER_JOIN_WAIT_S", clusterJoinWaitSeconds)
        .put("ROUTER_CLUSTER_FAILURE_S", clusterFailureSeconds)
        .put("ROUTER_CLUSTER_CALL_TIMEOUT_MS", clusterCallTimeoutMs)
        .put("ROUTER_METRICS_TOKEN", metricsToken == null ? "" : metricsToken)
        .put("ROUTER_REQUEST_TIMEOUT_MS", requestTimeoutMs)
        .put("ROUTER_KEEPALIVE_TIMEOUT_MS", keepAliveTimeoutMs)
        .put("ROUTER_RATE_LIMITS", rateLimits)
        .put("ROUTER_LIMIT_PAGE_MESSAGES", pageMessages.toString())
        .put("ROUTER_LIMIT_USER_MESSAGES", userMessages.toString())
        .put("ROUTER_LIMIT_PAGE_TYPING", pageTyping.toString())
        .put("ROUTER_LIMIT_USER_TYPING", userTyping.toString())
        .put("ROUTER_LIMIT_USER_LOGINS", userLogins.toString())
        .put("ROUTER_LIMIT_ADDRESS_LOGINS", addressLogins.toString())
        .put("ROUTER_LIMIT_DOMAIN_MESSAGES", domainMessages.toString())
        .put("ROUTER_LIMIT_DOMAIN_ONLINE", domainMaxOnline)
        .put("ROUTER_LIMIT_KEYS", limitKeys)
        .put("ROUTER_ADMIN_TOKEN", adminToken == null ? "" : adminToken)
        .put("ROUTER_TENANTS_FILE", tenantsFile == null ? "" : tenantsFile)
        .put("ROUTER_KEY_OVERLAP_S", keyOverlapSeconds);
  }

  public int port() { return port; }
  public String host() { return host; }
  public Map<String, String> domains() { return Collections.unmodifiableMap(domains); }
  public long pollTimeoutMs() { return pollTimeoutMs; }
  public long idleTimeoutMs() { return idleTimeoutMs; }
  public int pageBuffer() { return pageBuffer; }
  public int maxBodyBytes() { return maxBodyBytes; }
  public int eventLoops() { return eventLoops; }
  public boolean cluster() { return cluster; }
  public String clusterHost() { return clusterHost; }
  public int clusterPort() { return clusterPort; }
  public int eventBusPort() { return eventBusPort; }
  /** The join list; when empty, this node alone ({@code clusterHost:clusterPort}). */
  public List<String> clusterMembers() {
    return clusterMembers.isEmpty() ? List.of(clusterHost + ":" + clusterPort) : clusterMembers;
  }
  public int clusterJoinWaitSeconds() { return clusterJoinWaitSeconds; }
  public int clusterFailureSeconds() { return clusterFailureSeconds; }
  public long clusterCallTimeoutMs() { return clusterCallTimeoutMs; }
  /** The bearer token of {@code GET /metrics}, or null when it is open. */
  public String metricsToken() { return metricsToken; }
  public long requestTimeoutMs() { return requestTimeoutMs; }
  public long keepAliveTimeoutMs() { return keepAliveTimeoutMs; }
  public boolean rateLimits() { return rateLimits; }
  public RateLimit pageMessages() { return pageMessages; }
  public RateLimit userMessages() { return userMessages; }
  public RateLimit pageTyping() { return pageTyping; }
  public RateLimit userTyping() { return userTyping; }
  public RateLimit userLogins() { return userLogins; }
  public RateLimit addressLogins() { return addressLogins; }
  public RateLimit domainMessages() { return domainMessages; }
  public int domainMaxOnline() { return domainMaxOnline; }
  /** The admin API's bearer token, or null when the admin API is off. */
  public String adminToken() { return adminToken; }
  /** The tenants file, or null (memory only). */
  public String tenantsFile() { return tenantsFile; }
  public long keyOverlapSeconds() { return keyOverlapSeconds; }

  public RouterConfig setPort(int port) { this.port = port; return this; }
  public RouterConfig setHost(String host) { this.host = host; return this; }
  public RouterConfig setDomains(String spec) { this.domains = parseDomains(spec); return this; }
  public RouterConfig setPollTimeoutMs(long ms) { this.pollTimeoutMs = ms; return this; }
  public RouterConfig setIdleTimeoutMs(long ms) { this.idleTimeoutMs = ms; return this; }
  public RouterConfig setPageBuffer(int n) { this.pageBuffer = n; return this; }
  public RouterConfig setMaxBodyBytes(int n) { this.maxBodyBytes = n; return this; }
  public RouterConfig setEventLoops(int n) { this.eventLoops = n; return this; }
  public RouterConfig setCluster(boolean on) { this.cluster = on; return this; }
  public RouterConfig setClusterHost(String host) { this.clusterHost = host; return this; }
  public RouterConfig setClusterPort(int port) { this.clusterPort = port; return this; }
  public RouterConfig setEventBusPort(int port) { this.eventBusPort = port; return this; }
  public RouterConfig setClusterMembers(String spec) { this.clusterMembers = parseMembers(spec); return this; }
  public RouterConfig setClusterJoinWaitSeconds(int s) { this.clusterJoinWaitSeconds = s; return this; }
  public RouterConfig setClusterFailureSeconds(int s) { this.clusterFailureSeconds = s; return this; }
  public RouterConfig setClusterCallTimeoutMs(long ms) { this.clusterCallTimeoutMs = ms; return this; }
  public RouterConfig setMetricsToken(String token) { this.metricsToken = token; return this; }
  public RouterConfig setRequestTimeoutMs(long ms) { this.requestTimeoutMs = ms; return this; }
  public RouterConfig setKeepAliveTimeoutMs(long ms) { this.keepAliveTimeoutMs = ms; return this; }
  public RouterConfig setRateLimits(boolean on) { this.rateLimits = on; return this; }
  public RouterConfig setPageMessages(RateLimit l) { this.pageMessages = l; return this; }
  public RouterConfig setUserMessages(RateLimit l) { this.userMessages = l; return this; }
  public RouterConfig setPageTyping(RateLimit l) { this.pageTyping = l; return this; }
  public RouterConfig setUserTyping(RateLimit l) { this.userTyping = l; return this; }
  public RouterConfig setUserLogins(RateLimit l) { this.userLogins = l; return this; }
  public RouterConfig setAddressLogins(RateLimit l) { this.addressLogins = l; return this; }
  public RouterConfig setDomainMessages(RateLimit l) { this.domainMessages = l; return this; }
  public RouterConfig setDomainMaxOnline(int n) { this.domainMaxOnline = n; return this; }
  public RouterConfig setLimitKeys(int n) { this.limitKeys = n; return this; }
  public RouterConfig setAdminToken(String token) { this.adminToken = token; return this; }
  public RouterConfig setTenantsFile(String path) { this.tenantsFile = path; return this; }
  public RouterConfig setKeyOverlapSeconds(long s) { this.keyOverlapSeconds = s; return this; }
}
