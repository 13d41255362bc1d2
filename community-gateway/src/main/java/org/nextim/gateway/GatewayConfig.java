package org.nextim.gateway;

import org.nextim.launcher.config.ConfigException;
import org.nextim.launcher.config.SettingValues;
import org.nextim.limits.RateLimit;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The gateway's whole configuration, read once at start from the environment or the optional file that
 * {@code GATEWAY_CONFIG_FILE} names. What each variable accepts and its default are defined once, in
 * {@link GatewaySettings}; this is the typed object the code uses, and checks what involves several
 * variables (the secrets a non-demo gateway needs).
 */
public final class GatewayConfig {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_ROUTER_URL = "http://127.0.0.1:8000";
  public static final String DEFAULT_DOMAIN = "localhost";
  public static final String DEFAULT_APIKEY = "public";
  public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/gateway";
  public static final String DEFAULT_ALLOWED_ORIGINS = "http://localhost:8081,http://127.0.0.1:8081";
  public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
  public static final int DEFAULT_SITE_MAX_BODY_BYTES = 4 * 1_048_576;
  public static final int DEFAULT_MAX_NEW_MESSAGES = 200;
  public static final int DEFAULT_DB_POOL_SIZE = 8;
  public static final long DEFAULT_ROUTER_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_ROUTER_RETRY_MS = 2_000;
  public static final long DEFAULT_TOKEN_TTL_S = 86_400;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_KEEPALIVE_TIMEOUT_MS = 65_000;
  public static final RateLimit DEFAULT_LIMIT_USER_REQUESTS = new RateLimit(20, 200);
  public static final int DEFAULT_LIMIT_KEYS = 100_000;

  /** HTTP port ({@code GATEWAY_PORT}). */
  private int port;
  /** Bind address ({@code GATEWAY_HOST}). */
  private String host;
  /** The router as the gateway reaches it ({@code GATEWAY_ROUTER_URL}). */
  private String routerUrl;
  /** The router as browsers reach it ({@code GATEWAY_ROUTER_PUBLIC_URL}). */
  private String routerPublicUrl;
  /** This site's tenant at the router ({@code GATEWAY_DOMAIN}). */
  private String domain;
  /** The tenant's key at the router ({@code GATEWAY_APIKEY}). */
  private String apikey;
  /** Guards {@code /site/*} ({@code GATEWAY_SITE_API_KEY}; required unless demo, then generated). */
  private String siteApiKey;
  /** The bearer token {@code GET /metrics} asks for ({@code GATEWAY_METRICS_TOKEN}); null: open. */
  private String metricsToken;
  /** JDBC URL ({@code GATEWAY_DB_URL}). */
  private String dbUrl;
  /** ({@code GATEWAY_DB_USER}). */
  private String dbUser;
  /** ({@code GATEWAY_DB_PASSWORD}). */
  private String dbPassword;
  /** JDBC connections, and worker threads running them ({@code GATEWAY_DB_POOL_SIZE}). */
  private int dbPoolSize;
  /** HS256 secret of the site's user tokens ({@code GATEWAY_JWT_SECRET}; required unless demo, then generated). */
  private String jwtSecret;
  /** Demo data and {@code POST /demo/login} ({@code GATEWAY_DEMO}). */
  private boolean demo;
  /** CORS origins allowed with credentials ({@code GATEWAY_ALLOWED_ORIGINS}, comma list; "*" = any, without credentials). */
  private List<String> allowedOrigins;
  /** Larger request bodies get 413 ({@code GATEWAY_MAX_BODY_BYTES}). */
  private int maxBodyBytes;
  /**
   * Larger site API ({@code /site/*}) bodies get 413 ({@code GATEWAY_SITE_MAX_BODY_BYTES}).
   */
  private int siteMaxBodyBytes;
  /**
   * Offline messages one {@code /webim/online} returns, oldest first; the rest come with the next one
   * (and are in the histories meanwhile) ({@code GATEWAY_MAX_NEW_MESSAGES}).
   */
  private int maxNewMessages;
  /** A router call that has not answered by then is unavailable: retried, then a 503 ({@code GATEWAY_ROUTER_TIMEOUT_MS}). */
  private long routerTimeoutMs;
  /**
   * How long a router call that is unavailable (503, or timed out) is retried with the same parameters
   * after its first failure, waits and attempts together, before the browser gets 503
   * ({@code GATEWAY_ROUTER_RETRY_MS}).
   */
  private long routerRetryMs;
  /** Lifetime of tokens issued by the demo login ({@code GATEWAY_DEMO_TOKEN_TTL_S}). */
  private long demoTokenTtlS;
  /**
   * A connection must deliver its first request's head, and any request its body once the head came,
   * within this long, else it is closed ({@code GATEWAY_REQUEST_TIMEOUT_MS}).
   */
  private long requestTimeoutMs;
  /** A keep-alive connection idle this long after its last reply is closed ({@code GATEWAY_KEEPALIVE_TIMEOUT_MS}). */
  private long keepAliveTimeoutMs;
  /** Rate limits on or off ({@code GATEWAY_RATE_LIMITS}). */
  private boolean rateLimits;
  /** {@code /webim/*} requests per user ({@code GATEWAY_LIMIT_USER_REQUESTS}). */
  private RateLimit userRequests;
  /** Users whose buckets are kept before the least recently used go ({@code GATEWAY_LIMIT_KEYS}). */
  private int limitKeys;
  /** Which secrets were generated (demo mode), so the main can say so. */
  private boolean generatedSecrets;

  /** Every variable at its default (no secrets: the tests that build one set them). */
  public GatewayConfig() {
    this(GatewaySettings.ALL.defaults());
  }

  private GatewayConfig(SettingValues v) {
    port = v.get(GatewaySettings.PORT);
    host = v.get(GatewaySettings.HOST);
    routerUrl = v.get(GatewaySettings.ROUTER_URL);
    routerPublicUrl = v.get(GatewaySettings.ROUTER_PUBLIC_URL);
    domain = v.get(GatewaySettings.DOMAIN);
    apikey = v.get(GatewaySettings.APIKEY);
    siteApiKey = v.get(GatewaySettings.SITE_API_KEY);
    metricsToken = v.get(GatewaySettings.METRICS_TOKEN);
    jwtSecret = v.get(GatewaySettings.JWT_SECRET);
    dbUrl = v.get(GatewaySettings.DB_URL);
    dbUser = v.get(GatewaySettings.DB_USER);
    dbPassword = v.get(GatewaySettings.DB_PASSWORD);
    dbPoolSize = v.get(GatewaySettings.DB_POOL_SIZE);
    demo = v.get(GatewaySettings.DEMO);
    allowedOrigins = v.get(GatewaySettings.ALLOWED_ORIGINS);
    maxBodyBytes = v.get(GatewaySettings.MAX_BODY_BYTES);
    siteMaxBodyBytes = v.get(GatewaySettings.SITE_MAX_BODY_BYTES);
    maxNewMessages = v.get(GatewaySettings.MAX_NEW_MESSAGES);
    routerTimeoutMs = v.get(GatewaySettings.ROUTER_TIMEOUT_MS);
    routerRetryMs = v.get(GatewaySettings.ROUTER_RETRY_MS);
    demoTokenTtlS = v.get(GatewaySettings.DEMO_TOKEN_TTL_S);
    requestTimeoutMs = v.get(GatewaySettings.REQUEST_TIMEOUT_MS);
    keepAliveTimeoutMs = v.get(GatewaySettings.KEEPALIVE_TIMEOUT_MS);
    rateLimits = v.get(GatewaySettings.RATE_LIMITS);
    userRequests = v.get(GatewaySettings.LIMIT_USER_REQUESTS);
    limitKeys = v.get(GatewaySettings.LIMIT_KEYS);
  }

  /**
   * The configuration from environment variables (and the file {@code GATEWAY_CONFIG_FILE} names), defaults
   * for those not set; in demo mode, the secrets not given are generated.
   *
   * @throws IllegalArgumentException with a message naming the variable, for a bad or missing value
   */
  public static GatewayConfig fromEnv(Map<String, String> env) {
    GatewayConfig c = new GatewayConfig(GatewaySettings.ALL.read(env));
    if (!c.demo) {
      if (c.siteApiKey == null) {
        throw new ConfigException("GATEWAY_SITE_API_KEY is required (or set GATEWAY_DEMO=true)");
      }
      if (c.jwtSecret == null) {
        throw new ConfigException("GATEWAY_JWT_SECRET is required (or set GATEWAY_DEMO=true)");
      }
    }
    c.fillDemoSecrets();
    return c;
  }

  /** In demo mode, secrets that were not given are generated (and {@link #generatedSecrets()} says so). */
  private void fillDemoSecrets() {
    if (siteApiKey == null) {
      siteApiKey = randomKey();
      generatedSecrets = true;
    }
    if (jwtSecret == null) {
      jwtSecret = randomKey();
      generatedSecrets = true;
    }
  }

  private static String randomKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public int port() { return port; }
  public String host() { return host; }
  public String routerUrl() { return routerUrl; }
  public String routerPublicUrl() { return routerPublicUrl == null ? routerUrl : routerPublicUrl; }
  public String domain() { return domain; }
  public String apikey() { return apikey; }
  public String siteApiKey() { return siteApiKey; }
  public String metricsToken() { return metricsToken; }
  public String dbUrl() { return dbUrl; }
  public String dbUser() { return dbUser; }
  public String dbPassword() { return dbPassword; }
  public int dbPoolSize() { return dbPoolSize; }
  public String jwtSecret() { return jwtSecret; }
  public boolean demo() { return demo; }
  public List<String> allowedOrigins() { return Collections.unmodifiableList(allowedOrigins); }
  public int maxBodyBytes() { return maxBodyBytes; }
  public int siteMaxBodyBytes() { return siteMaxBodyBytes; }
  public int maxNewMessages() { return maxNewMessages; }
  public long routerTimeoutMs() { return routerTimeoutMs; }
  public long routerRetryMs() { return routerRetryMs; }
  public long demoTokenTtlS() { return demoTokenTtlS; }
  public boolean generatedSecrets() { return generatedSecrets; }
  public long requestTimeoutMs() { return requestTimeoutMs; }
  public long keepAliveTimeoutMs() { return keepAliveTimeoutMs; }
  /** The per-user request limit as applied ({@link RateLimit#OFF} when {@code GATEWAY_RATE_LIMITS=false}). */
  public RateLimit userRequests() { return rateLimits ? userRequests : RateLimit.OFF; }
  public int limitKeys() { return limitKeys; }

  public GatewayConfig setPort(int port) { this.port = port; return this; }
  public GatewayConfig setHost(String host) { this.host = host; return this; }
  public GatewayConfig setRouterUrl(String url) { this.routerUrl = url; return this; }
  public GatewayConfig setRouterPublicUrl(String url) { this.routerPublicUrl = url; return this; }
  public GatewayConfig setDomain(String domain) { this.domain = domain; return this; }
  public GatewayConfig setApikey(String apikey) { this.apikey = apikey; return this; }
  public GatewayConfig setSiteApiKey(String key) { this.siteApiKey = key; return this; }
  public GatewayConfig setMetricsToken(String token) { this.metricsToken = token; return this; }
  public GatewayConfig setDb(String url, String user, String password) {
    this.dbUrl = url;
    this.dbUser = user == null ? "" : user;
    this.dbPassword = password == null ? "" : password;
    return this;
  }
  public GatewayConfig setDbPoolSize(int n) { this.dbPoolSize = n; return this; }
  public GatewayConfig setJwtSecret(String secret) { this.jwtSecret = secret; return this; }
  public GatewayConfig setDemo(boolean demo) { this.demo = demo; return this; }
  public GatewayConfig setAllowedOrigins(String csv) { this.allowedOrigins = GatewaySettings.ORIGINS.parse(csv); return this; }
  public GatewayConfig setMaxBodyBytes(int n) { this.maxBodyBytes = n; return this; }
  public GatewayConfig setSiteMaxBodyBytes(int n) { this.siteMaxBodyBytes = n; return this; }
  public GatewayConfig setMaxNewMessages(int n) { this.maxNewMessages = n; return this; }
  public GatewayConfig setRouterTimeoutMs(long ms) { this.routerTimeoutMs = ms; return this; }
  public GatewayConfig setRouterRetryMs(long ms) { this.routerRetryMs = ms; return this; }
  public GatewayConfig setRequestTimeoutMs(long ms) { this.requestTimeoutMs = ms; return this; }
  public GatewayConfig setKeepAliveTimeoutMs(long ms) { this.keepAliveTimeoutMs = ms; return this; }
  public GatewayConfig setRateLimits(boolean on) { this.rateLimits = on; return this; }
  public GatewayConfig setUserRequests(RateLimit limit) { this.userRequests = limit; return this; }
}
