package org.nextim.router;

import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Limits;
import org.nextim.limits.RateLimit;

import org.nextim.launcher.config.SettingValues;

import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's whole configuration, read once at start from the environment, the optional file that
 * {@code ROUTER_CONFIG_FILE} names, or a JSON object with the same keys. What each variable accepts and its
 * default are defined once, in {@link RouterSettings}; this is the typed object the code uses.
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
  public static final long DEFAULT_SHED_LAG_MS = 250;
  public static final long DEFAULT_SHED_WARM_UP_MS = 10_000;
  public static final RateLimit DEFAULT_LIMIT_PAGE_MESSAGES = new RateLimit(10, 60);
  public static final RateLimit DEFAULT_LIMIT_USER_MESSAGES = new RateLimit(20, 120);
  public static final RateLimit DEFAULT_LIMIT_PAGE_TYPING = new RateLimit(20, 100);
  public static final RateLimit DEFAULT_LIMIT_USER_TYPING = new RateLimit(40, 200);
  public static final RateLimit DEFAULT_LIMIT_USER_LOGINS = new RateLimit(2, 30);
  public static final RateLimit DEFAULT_LIMIT_ADDRESS_LOGINS = new RateLimit(200, 1000);
  public static final int DEFAULT_LIMIT_KEYS = 100_000;
  public static final long DEFAULT_KEY_OVERLAP_S = 3600;

  /** HTTP port ({@code ROUTER_PORT}). */
  private int port;
  /** Bind address ({@code ROUTER_HOST}). */
  private String host;
  /**
   * Tenants seeded at start, domain to apikey ({@code ROUTER_DOMAINS}); a
   * seeded domain the tenants file (or the running cluster) has keeps that state.
   */
  private Map<String, String> domains;
  /** How long an empty poll is held ({@code ROUTER_POLL_TIMEOUT_MS}). */
  private long pollTimeoutMs;
  /** Page idle limit and the offline grace ({@code ROUTER_IDLE_TIMEOUT_MS}). */
  private long idleTimeoutMs;
  /** Packets kept per page for cursor replay ({@code ROUTER_PAGE_BUFFER}). */
  private int pageBuffer;
  /**
   * Larger request bodies get 413 ({@code ROUTER_MAX_BODY_BYTES}).
   */
  private int maxBodyBytes;
  /** HTTP event loops ({@code ROUTER_EVENT_LOOPS}). */
  private int eventLoops;
  /** Run as a node of a cluster over the clustered event bus ({@code ROUTER_CLUSTER}). */
  private boolean cluster;
  /** Address Hazelcast and the event bus bind to and advertise ({@code ROUTER_CLUSTER_HOST}). */
  private String clusterHost;
  /** Hazelcast port ({@code ROUTER_CLUSTER_PORT}). */
  private int clusterPort;
  /** Event bus port ({@code ROUTER_EVENTBUS_PORT}). */
  private int eventBusPort;
  /** TCP-IP join list {@code host:port,...} ({@code ROUTER_CLUSTER_MEMBERS}). */
  private List<String> clusterMembers;
  /** Seconds the first member waits for others before it forms the cluster ({@code ROUTER_CLUSTER_JOIN_WAIT_S}). */
  private int clusterJoinWaitSeconds;
  /** Seconds without heartbeat before a node is declared dead ({@code ROUTER_CLUSTER_FAILURE_S}). */
  private int clusterFailureSeconds;
  /**
   * How long a call or poll forwarded to the node holding its page may wait for that node before the
   * answer is 503, retryable ({@code ROUTER_CLUSTER_CALL_TIMEOUT_MS}).
   */
  private long clusterCallTimeoutMs;
  /**
   * The bearer token {@code GET /metrics} asks for ({@code ROUTER_METRICS_TOKEN}); unset, the series
   * (which name the domains) are open to whoever reaches the port.
   */
  private String metricsToken;
  /**
   * A connection must deliver its first request's head, and any request its body once the head came,
   * within this long, else it is closed ({@code ROUTER_REQUEST_TIMEOUT_MS}).
   */
  private long requestTimeoutMs;
  /**
   * A keep-alive connection with no request for this long after its last reply is closed
   * ({@code ROUTER_KEEPALIVE_TIMEOUT_MS}). A held poll is never cut: the clock
   * only runs between a reply and the next request.
   */
  private long keepAliveTimeoutMs;
  /**
   * While an event loop runs later than this, messages, typing notices and logins are refused 503,
   * retryable ({@code ROUTER_SHED_LAG_MS}; 0: never; see {@code LoadShedder}).
   */
  private long shedLagMs;
  /** How long after the start lag does not count ({@code ROUTER_SHED_WARM_UP_MS}): the JIT, not a queue. */
  private long shedWarmUpMs;
  /** Rate limits on or off ({@code ROUTER_RATE_LIMITS}). */
  private boolean rateLimits;
  /** Messages per page ({@code ROUTER_LIMIT_PAGE_MESSAGES}). */
  private RateLimit pageMessages;
  /** Messages per user, all its pages ({@code ROUTER_LIMIT_USER_MESSAGES}). */
  private RateLimit userMessages;
  /** Statuses (typing) per page ({@code ROUTER_LIMIT_PAGE_TYPING}). */
  private RateLimit pageTyping;
  /** Statuses (typing) per user ({@code ROUTER_LIMIT_USER_TYPING}). */
  private RateLimit userTyping;
  /** Logins per user and domain, on this node ({@code ROUTER_LIMIT_USER_LOGINS}). */
  private RateLimit userLogins;
  /** Logins per client address, on this node ({@code ROUTER_LIMIT_ADDRESS_LOGINS}). */
  private RateLimit addressLogins;
  /** Messages per domain per node ({@code ROUTER_LIMIT_DOMAIN_MESSAGES}). */
  private RateLimit domainMessages;
  /** Users online per domain per node ({@code ROUTER_LIMIT_DOMAIN_ONLINE}). */
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
  /** How long a rotated apikey stays valid by default ({@code ROUTER_KEY_OVERLAP_S}). */
  private long keyOverlapSeconds;
  /** Login buckets kept per kind (users, addresses) before the least recently used go ({@code ROUTER_LIMIT_KEYS}). */
  private int limitKeys;

  /** Every variable at its default. */
  public RouterConfig() {
    this(RouterSettings.ALL.defaults());
  }

  /** Reads the keys of {@link #toJson()} (e.g. {@code "ROUTER_PORT": 8000}); absent keys keep defaults. */
  public RouterConfig(JsonObject json) {
    this(RouterSettings.ALL.read(texts(json)));
  }

  private RouterConfig(SettingValues v) {
    port = v.get(RouterSettings.PORT);
    host = v.get(RouterSettings.HOST);
    domains = v.get(RouterSettings.DOMAINS);
    pollTimeoutMs = v.get(RouterSettings.POLL_TIMEOUT_MS);
    idleTimeoutMs = v.get(RouterSettings.IDLE_TIMEOUT_MS);
    pageBuffer = v.get(RouterSettings.PAGE_BUFFER);
    maxBodyBytes = v.get(RouterSettings.MAX_BODY_BYTES);
    eventLoops = v.get(RouterSettings.EVENT_LOOPS);
    cluster = v.get(RouterSettings.CLUSTER);
    clusterHost = v.get(RouterSettings.CLUSTER_HOST);
    clusterPort = v.get(RouterSettings.CLUSTER_PORT);
    eventBusPort = v.get(RouterSettings.EVENTBUS_PORT);
    clusterMembers = v.get(RouterSettings.CLUSTER_MEMBERS);
    clusterJoinWaitSeconds = v.get(RouterSettings.CLUSTER_JOIN_WAIT_S);
    clusterFailureSeconds = v.get(RouterSettings.CLUSTER_FAILURE_S);
    clusterCallTimeoutMs = v.get(RouterSettings.CLUSTER_CALL_TIMEOUT_MS);
    metricsToken = v.get(RouterSettings.METRICS_TOKEN);
    requestTimeoutMs = v.get(RouterSettings.REQUEST_TIMEOUT_MS);
    keepAliveTimeoutMs = v.get(RouterSettings.KEEPALIVE_TIMEOUT_MS);
    shedLagMs = v.get(RouterSettings.SHED_LAG_MS);
    shedWarmUpMs = v.get(RouterSettings.SHED_WARM_UP_MS);
    rateLimits = v.get(RouterSettings.RATE_LIMITS);
    pageMessages = v.get(RouterSettings.LIMIT_PAGE_MESSAGES);
    userMessages = v.get(RouterSettings.LIMIT_USER_MESSAGES);
    pageTyping = v.get(RouterSettings.LIMIT_PAGE_TYPING);
    userTyping = v.get(RouterSettings.LIMIT_USER_TYPING);
    userLogins = v.get(RouterSettings.LIMIT_USER_LOGINS);
    addressLogins = v.get(RouterSettings.LIMIT_ADDRESS_LOGINS);
    domainMessages = v.get(RouterSettings.LIMIT_DOMAIN_MESSAGES);
    domainMaxOnline = v.get(RouterSettings.LIMIT_DOMAIN_ONLINE);
    limitKeys = v.get(RouterSettings.LIMIT_KEYS);
    adminToken = v.get(RouterSettings.ADMIN_TOKEN);
    tenantsFile = v.get(RouterSettings.TENANTS_FILE);
    keyOverlapSeconds = v.get(RouterSettings.KEY_OVERLAP_S);
  }

  /**
   * The configuration from environment variables (and the file {@code ROUTER_CONFIG_FILE} names), defaults
   * for those not set.
   *
   * @throws org.nextim.launcher.config.ConfigException naming the variable, the value and what is expected
   */
  public static RouterConfig fromEnv(Map<String, String> env) {
    return new RouterConfig(RouterSettings.ALL.read(env));
  }

  private static Map<String, String> texts(JsonObject json) {
    Map<String, String> out = new LinkedHashMap<>();
    json.forEach(e -> out.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
    return out;
  }

  /** The rate limits as the router applies them ({@link Limits#NONE} when {@code ROUTER_RATE_LIMITS=false}). */
  public Limits limits() {
    if (!rateLimits) {
      return Limits.NONE;
    }
    return new Limits(new Limits.Settings(pageMessages, userMessages, pageTyping, userTyping, userLogins,
        addressLogins, domainMessages, domainMaxOnline, limitKeys));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("ROUTER_PORT", port)
        .put("ROUTER_HOST", host)
        .put("ROUTER_DOMAINS", RouterSettings.DOMAIN_KEYS.show(domains))
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
        .put("ROUTER_SHED_LAG_MS", shedLagMs)
        .put("ROUTER_SHED_WARM_UP_MS", shedWarmUpMs)
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

  /** The Vert.x this config runs on: its event loops, on Linux's native transport where there is one. */
  public VertxOptions vertxOptions() {
    return new VertxOptions().setEventLoopPoolSize(Math.max(eventLoops, 1)).setPreferNativeTransport(true);
  }
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
  public long shedLagMs() { return shedLagMs; }
  public long shedWarmUpMs() { return shedWarmUpMs; }
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
  public RouterConfig setDomains(String spec) { this.domains = RouterSettings.DOMAIN_KEYS.parse(spec); return this; }
  public RouterConfig setPollTimeoutMs(long ms) { this.pollTimeoutMs = ms; return this; }
  public RouterConfig setIdleTimeoutMs(long ms) { this.idleTimeoutMs = ms; return this; }
  public RouterConfig setPageBuffer(int n) { this.pageBuffer = n; return this; }
  public RouterConfig setMaxBodyBytes(int n) { this.maxBodyBytes = n; return this; }
  public RouterConfig setEventLoops(int n) { this.eventLoops = n; return this; }
  public RouterConfig setCluster(boolean on) { this.cluster = on; return this; }
  public RouterConfig setClusterHost(String host) { this.clusterHost = host; return this; }
  public RouterConfig setClusterPort(int port) { this.clusterPort = port; return this; }
  public RouterConfig setEventBusPort(int port) { this.eventBusPort = port; return this; }
  public RouterConfig setClusterMembers(String spec) { this.clusterMembers = RouterSettings.CLUSTER_MEMBERS.type().parse(spec); return this; }
  public RouterConfig setClusterJoinWaitSeconds(int s) { this.clusterJoinWaitSeconds = s; return this; }
  public RouterConfig setClusterFailureSeconds(int s) { this.clusterFailureSeconds = s; return this; }
  public RouterConfig setClusterCallTimeoutMs(long ms) { this.clusterCallTimeoutMs = ms; return this; }
  public RouterConfig setMetricsToken(String token) { this.metricsToken = token; return this; }
  public RouterConfig setRequestTimeoutMs(long ms) { this.requestTimeoutMs = ms; return this; }
  public RouterConfig setShedLagMs(long ms) { this.shedLagMs = ms; return this; }
  public RouterConfig setShedWarmUpMs(long ms) { this.shedWarmUpMs = ms; return this; }
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
