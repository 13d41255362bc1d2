package org.nextim.web;

import org.nextim.launcher.config.SettingValues;

import java.util.Map;

/**
 * The web-client's configuration, read once from the environment or the optional file that
 * {@code WEB_CONFIG_FILE} names. What each variable accepts and its default are defined once, in
 * {@link WebSettings}; this is the typed object the code uses.
 */
public final class WebConfig {

  public static final int DEFAULT_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";
  public static final String DEFAULT_LANG = "en";
  public static final long DEFAULT_POLL_TIMEOUT_MS = 28_000;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_KEEPALIVE_TIMEOUT_MS = 65_000;

  /** HTTP port ({@code WEB_PORT}). */
  private int port;
  /** Bind address ({@code WEB_HOST}). */
  private String host;
  /** The community gateway as browsers reach it ({@code WEB_GATEWAY_URL}). */
  private String gatewayUrl;
  /** The demo site's default widget language ({@code WEB_LANG}: en or zh-CN; a page's ?lang= wins). */
  private String lang;
  /**
   * How long the router holds an empty poll ({@code WEB_POLL_TIMEOUT_MS}, the router's default); the
   * widget gives up a poll after this plus 4 s.
   */
  private long pollTimeoutMs;
  /** Browser debug logging of the widget ({@code WEB_DEBUG}). */
  private boolean debug;
  /** The bearer token {@code GET /metrics} asks for ({@code WEB_METRICS_TOKEN}); null: open. */
  private String metricsToken;
  /**
   * A connection that has not sent its first request head, or a request body, within this long is closed
   * ({@code WEB_REQUEST_TIMEOUT_MS}).
   */
  private long requestTimeoutMs;
  /** A keep-alive connection idle this long after its last reply is closed ({@code WEB_KEEPALIVE_TIMEOUT_MS}). */
  private long keepAliveTimeoutMs;

  /** Every variable at its default. */
  public WebConfig() {
    this(WebSettings.ALL.defaults());
  }

  private WebConfig(SettingValues v) {
    port = v.get(WebSettings.PORT);
    host = v.get(WebSettings.HOST);
    gatewayUrl = v.get(WebSettings.GATEWAY_URL);
    lang = v.get(WebSettings.LANG);
    pollTimeoutMs = v.get(WebSettings.POLL_TIMEOUT_MS);
    debug = v.get(WebSettings.DEBUG);
    metricsToken = v.get(WebSettings.METRICS_TOKEN);
    requestTimeoutMs = v.get(WebSettings.REQUEST_TIMEOUT_MS);
    keepAliveTimeoutMs = v.get(WebSettings.KEEPALIVE_TIMEOUT_MS);
  }

  /**
   * The configuration from environment variables (and the file {@code WEB_CONFIG_FILE} names), defaults for
   * those not set.
   *
   * @throws org.nextim.launcher.config.ConfigException naming the variable, for a bad value
   */
  public static WebConfig fromEnv(Map<String, String> env) {
    return new WebConfig(WebSettings.ALL.read(env));
  }

  public int port() { return port; }
  public String host() { return host; }
  public String gatewayUrl() { return gatewayUrl; }
  public String lang() { return lang; }
  public long pollTimeoutMs() { return pollTimeoutMs; }
  public boolean debug() { return debug; }
  public String metricsToken() { return metricsToken; }
  public long requestTimeoutMs() { return requestTimeoutMs; }
  public long keepAliveTimeoutMs() { return keepAliveTimeoutMs; }

  public WebConfig setPort(int port) { this.port = port; return this; }
  public WebConfig setHost(String host) { this.host = host; return this; }
  public WebConfig setGatewayUrl(String url) { this.gatewayUrl = url; return this; }
  public WebConfig setLang(String lang) { this.lang = lang; return this; }
  public WebConfig setPollTimeoutMs(long ms) { this.pollTimeoutMs = ms; return this; }
  public WebConfig setDebug(boolean debug) { this.debug = debug; return this; }
  public WebConfig setMetricsToken(String token) { this.metricsToken = token; return this; }
  public WebConfig setRequestTimeoutMs(long ms) { this.requestTimeoutMs = ms; return this; }
  public WebConfig setKeepAliveTimeoutMs(long ms) { this.keepAliveTimeoutMs = ms; return this; }
}
