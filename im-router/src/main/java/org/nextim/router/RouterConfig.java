package org.nextim.router;

import io.vertx.core.json.JsonObject;

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

  /** HTTP port ({@code ROUTER_PORT}, default 8000; 0 picks a free port). */
  private int port = DEFAULT_PORT;
  /** Bind address ({@code ROUTER_HOST}, default 0.0.0.0). */
  private String host = DEFAULT_HOST;
  /** Tenants, domain to apikey ({@code ROUTER_DOMAINS}, default {@code localhost=public}). */
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
        .put("ROUTER_CLUSTER_CALL_TIMEOUT_MS", clusterCallTimeoutMs);
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
}
