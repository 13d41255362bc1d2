package org.nextim.web;

import java.util.Map;
import java.util.Set;

/**
 * The web-client's configuration, read once from the environment by {@link #fromEnv(Map)}, the only
 * place that reads variables. Every field documents its default.
 */
public final class WebConfig {

  public static final int DEFAULT_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080";
  public static final String DEFAULT_LANG = "en";
  public static final Set<String> LANGS = Set.of("en", "zh-CN");

  /** HTTP port ({@code WEB_PORT}, default 8081; 0 picks a free port). */
  private int port = DEFAULT_PORT;
  /** Bind address ({@code WEB_HOST}, default 0.0.0.0). */
  private String host = DEFAULT_HOST;
  /** The community gateway as browsers reach it ({@code WEB_GATEWAY_URL}, default http://127.0.0.1:8080). */
  private String gatewayUrl = DEFAULT_GATEWAY_URL;
  /** The demo site's default widget language ({@code WEB_LANG}: en or zh-CN; default en; a page's ?lang= wins). */
  private String lang = DEFAULT_LANG;
  /**
   * How long the router holds an empty poll ({@code WEB_POLL_TIMEOUT_MS}, default 28000, the router's
   * default); the widget gives up a poll after this plus 4 s.
   */
  private long pollTimeoutMs = 28_000;
  /** Browser debug logging of the widget ({@code WEB_DEBUG}, default false). */
  private boolean debug;

  public WebConfig() {
  }

  /**
   * @throws IllegalArgumentException naming the variable, for a bad value
   */
  public static WebConfig fromEnv(Map<String, String> env) {
    WebConfig c = new WebConfig();
    c.port = (int) number(env, "WEB_PORT", c.port, 0, 65535);
    c.host = text(env, "WEB_HOST", c.host);
    String url = text(env, "WEB_GATEWAY_URL", c.gatewayUrl);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("WEB_GATEWAY_URL: expected an http:// or https:// URL, got '" + url + "'");
    }
    c.gatewayUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    c.lang = text(env, "WEB_LANG", c.lang);
    if (!LANGS.contains(c.lang)) {
      throw new IllegalArgumentException("WEB_LANG: expected en or zh-CN, got '" + c.lang + "'");
    }
    c.pollTimeoutMs = number(env, "WEB_POLL_TIMEOUT_MS", c.pollTimeoutMs, 1, 600_000);
    String debug = text(env, "WEB_DEBUG", "false").toLowerCase();
    if (!Set.of("true", "false", "1", "0", "yes", "no").contains(debug)) {
      throw new IllegalArgumentException("WEB_DEBUG: expected true or false, got '" + debug + "'");
    }
    c.debug = Set.of("true", "1", "yes").contains(debug);
    return c;
  }

  private static String text(Map<String, String> env, String name, String dflt) {
    String v = env.get(name);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  private static long number(Map<String, String> env, String name, long dflt, long min, long max) {
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
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + ": must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  public int port() { return port; }
  public String host() { return host; }
  public String gatewayUrl() { return gatewayUrl; }
  public String lang() { return lang; }
  public long pollTimeoutMs() { return pollTimeoutMs; }
  public boolean debug() { return debug; }

  public WebConfig setPort(int port) { this.port = port; return this; }
  public WebConfig setHost(String host) { this.host = host; return this; }
  public WebConfig setGatewayUrl(String url) { this.gatewayUrl = url; return this; }
  public WebConfig setLang(String lang) { this.lang = lang; return this; }
  public WebConfig setPollTimeoutMs(long ms) { this.pollTimeoutMs = ms; return this; }
  public WebConfig setDebug(boolean debug) { this.debug = debug; return this; }
}
