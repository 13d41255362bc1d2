package org.nextim.gateway;

import org.nextim.launcher.config.ConnectionSettings;
import org.nextim.launcher.config.Setting;
import org.nextim.launcher.config.Settings;
import org.nextim.launcher.config.Types;
import org.nextim.launcher.config.ValueType;
import org.nextim.limits.RateLimit;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.nextim.gateway.GatewayConfig.*;

/**
 * Every variable the gateway reads, with its type, default and meaning: the one list {@link GatewayConfig}
 * is read from and docs/configuration.md's gateway table is generated from.
 */
public final class GatewaySettings {

  static final ValueType<RateLimit> RATE = Types.custom(RateLimit.FORMAT, s -> RateLimit.parse("limit", s),
      RateLimit::toString);

  static final ValueType<String> JDBC_URL = Types.custom("a JDBC URL jdbc:h2:… or jdbc:postgresql:…", s -> {
    if (!s.startsWith("jdbc:h2:") && !s.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a supported database");
    }
    return s;
  });

  static final ValueType<String> JWT_KEY = Types.custom("a secret of at least 16 bytes", s -> {
    if (s.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException("too short");
    }
    return s;
  });

  static final ValueType<List<String>> ORIGINS = Types.list(Types.custom("origins (scheme://host[:port], or *)",
      s -> s));

  private static final String REQUIRED = "required unless `GATEWAY_DEMO` (then generated)";

  public static final Setting<Integer> PORT = Setting.of("GATEWAY_PORT", Types.integer(0, 65535), DEFAULT_PORT,
      "HTTP port (0: any free port)");
  public static final Setting<String> HOST = Setting.of("GATEWAY_HOST", Types.text(), DEFAULT_HOST, "bind address");
  public static final Setting<String> ROUTER_URL = Setting.of("GATEWAY_ROUTER_URL", Types.httpUrl(),
      DEFAULT_ROUTER_URL, "the router, as the gateway reaches it");
  public static final Setting<String> ROUTER_PUBLIC_URL = Setting.optional("GATEWAY_ROUTER_PUBLIC_URL",
      Types.httpUrl(), "same as `GATEWAY_ROUTER_URL`", "the router as browsers reach it; `connection.server` = "
          + "this + `/packets`");
  public static final Setting<String> DOMAIN = Setting.of("GATEWAY_DOMAIN", Types.text(), DEFAULT_DOMAIN,
      "this site's tenant at the router");
  public static final Setting<String> APIKEY = Setting.of("GATEWAY_APIKEY", Types.text(), DEFAULT_APIKEY,
      "the tenant's apikey at the router").withSecretValue();
  public static final Setting<String> SITE_API_KEY = Setting.optional("GATEWAY_SITE_API_KEY", Types.text(),
      REQUIRED, "the `X-Api-Key` of the site API (`/site/*`)").withSecretValue();
  public static final Setting<String> JWT_SECRET = Setting.optional("GATEWAY_JWT_SECRET", JWT_KEY, REQUIRED,
      "HS256 secret of the users' tokens").withSecretValue();
  public static final Setting<String> METRICS_TOKEN = Setting.optional("GATEWAY_METRICS_TOKEN", Types.text(),
      "unset (open)", "when set, `GET /metrics` asks for `Authorization: Bearer <token>` (401 JSON otherwise; "
          + "compared in constant time); the health endpoints stay open").withSecretValue();
  public static final Setting<String> DB_URL = Setting.of("GATEWAY_DB_URL", JDBC_URL, DEFAULT_DB_URL,
      "the database: `jdbc:h2:…` (embedded) or `jdbc:postgresql://host/db`");
  public static final Setting<String> DB_USER = Setting.of("GATEWAY_DB_USER", Types.verbatim(), "",
      "database user (taken as given, white space and all)").withBlankAsAValue();
  public static final Setting<String> DB_PASSWORD = Setting.of("GATEWAY_DB_PASSWORD", Types.verbatim(), "",
      "database password (taken as given, white space and all)").withBlankAsAValue().withSecretValue();
  public static final Setting<Integer> DB_POOL_SIZE = Setting.of("GATEWAY_DB_POOL_SIZE", Types.integer(1, 256),
      DEFAULT_DB_POOL_SIZE, "JDBC connections, and the worker threads that use them");
  public static final Setting<Boolean> DEMO = Setting.of("GATEWAY_DEMO", Types.bool(), false,
      "demo data and `POST /demo/login`");
  public static final Setting<List<String>> ALLOWED_ORIGINS = Setting.of("GATEWAY_ALLOWED_ORIGINS", ORIGINS,
      ORIGINS.parse(DEFAULT_ALLOWED_ORIGINS), "CORS origins allowed with credentials (the web client's by "
          + "default), compared exactly with the request's `Origin`; a request from any other origin is 403. `*` "
          + "allows any origin without credentials");
  public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("GATEWAY_MAX_BODY_BYTES",
      Types.integer(256, Integer.MAX_VALUE), DEFAULT_MAX_BODY_BYTES, "larger browser request bodies get 413");
  public static final Setting<Integer> SITE_MAX_BODY_BYTES = Setting.of("GATEWAY_SITE_MAX_BODY_BYTES",
      Types.integer(256, Integer.MAX_VALUE), DEFAULT_SITE_MAX_BODY_BYTES, "larger site API (`/site/*`) bodies "
          + "get 413 (4 MiB: a buddy list of 5,000 64-character ids is ~450 KB)");
  public static final Setting<Integer> MAX_NEW_MESSAGES = Setting.of("GATEWAY_MAX_NEW_MESSAGES",
      Types.integer(1, 10_000), DEFAULT_MAX_NEW_MESSAGES, "offline messages one `/webim/online` returns at most, "
          + "oldest first; the rest come with the next one (and are in the histories meanwhile)");
  public static final Setting<Long> ROUTER_TIMEOUT_MS = Setting.of("GATEWAY_ROUTER_TIMEOUT_MS",
      Types.longInteger(1, Long.MAX_VALUE), DEFAULT_ROUTER_TIMEOUT_MS, "a router call not answered by then is "
          + "*unavailable*: retried as below, then a 503");
  public static final Setting<Long> ROUTER_RETRY_MS = Setting.of("GATEWAY_ROUTER_RETRY_MS",
      Types.longInteger(0, 600_000), DEFAULT_ROUTER_RETRY_MS, "how long an unavailable router call (503, or "
          + "timed out) is retried with the same parameters after its first failure, waits and attempts together "
          + "(0: not retried)");
  public static final Setting<Long> DEMO_TOKEN_TTL_S = Setting.of("GATEWAY_DEMO_TOKEN_TTL_S",
      Types.longInteger(1, Long.MAX_VALUE), DEFAULT_TOKEN_TTL_S, "lifetime of demo-login tokens, in seconds");
  public static final Setting<Long> REQUEST_TIMEOUT_MS =
      ConnectionSettings.requestTimeoutMs("GATEWAY", DEFAULT_REQUEST_TIMEOUT_MS);
  public static final Setting<Long> KEEPALIVE_TIMEOUT_MS =
      ConnectionSettings.keepAliveTimeoutMs("GATEWAY", DEFAULT_KEEPALIVE_TIMEOUT_MS, "");
  public static final Setting<Boolean> RATE_LIMITS = Setting.of("GATEWAY_RATE_LIMITS", Types.bool(), true,
      "`false` turns the rate limit below off");
  public static final Setting<RateLimit> LIMIT_USER_REQUESTS = Setting.of("GATEWAY_LIMIT_USER_REQUESTS", RATE,
      DEFAULT_LIMIT_USER_REQUESTS, "`/webim/*` requests per user (the token's `sub`; per second sustained : at "
          + "once); over it 429 `{\"error\":\"rate_limited\",\"retryable\":true,\"retry_after\":N}` with "
          + "`Retry-After: N`, before the request does anything (a refused message is not stored: the widget sends "
          + "it again after N s). Requests without a valid identity are not counted (they get 401). Counted per "
          + "gateway instance");
  public static final Setting<Integer> LIMIT_KEYS = Setting.of("GATEWAY_LIMIT_KEYS", Types.integer(32, 100_000_000),
      DEFAULT_LIMIT_KEYS, "users whose buckets are kept before the least recently used go");

  /** All of them, in the documentation's order; the file is {@code GATEWAY_CONFIG_FILE}. */
  public static final Settings ALL = Settings.of("GATEWAY_CONFIG_FILE", List.of(PORT, HOST, ROUTER_URL,
      ROUTER_PUBLIC_URL, DOMAIN, APIKEY, SITE_API_KEY, METRICS_TOKEN, JWT_SECRET, DB_URL, DB_USER, DB_PASSWORD,
      DB_POOL_SIZE, DEMO, ALLOWED_ORIGINS, MAX_BODY_BYTES, SITE_MAX_BODY_BYTES, MAX_NEW_MESSAGES, ROUTER_TIMEOUT_MS,
      ROUTER_RETRY_MS, DEMO_TOKEN_TTL_S, REQUEST_TIMEOUT_MS, KEEPALIVE_TIMEOUT_MS, RATE_LIMITS, LIMIT_USER_REQUESTS,
      LIMIT_KEYS));

  private GatewaySettings() {
  }
}
