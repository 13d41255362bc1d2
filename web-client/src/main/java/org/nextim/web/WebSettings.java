package org.nextim.web;

import org.nextim.launcher.config.ConnectionSettings;
import org.nextim.launcher.config.Setting;
import org.nextim.launcher.config.Settings;
import org.nextim.launcher.config.Types;

import java.util.List;

import static org.nextim.web.WebConfig.*;

/**
 * Every variable the web client reads, with its type, default and meaning: the one list {@link WebConfig}
 * is read from and docs/configuration.md's web-client table is generated from.
 */
public final class WebSettings {

  public static final Setting<Integer> PORT = Setting.of("WEB_PORT", Types.integer(0, 65535), DEFAULT_PORT,
      "HTTP port (0: a free one)");
  public static final Setting<String> HOST = Setting.of("WEB_HOST", Types.text(), DEFAULT_HOST, "bind address");
  public static final Setting<String> GATEWAY_URL = Setting.of("WEB_GATEWAY_URL", Types.httpUrl(),
      DEFAULT_GATEWAY_URL, "the community gateway as browsers reach it (the gateway must allow this site's "
          + "origin: `GATEWAY_ALLOWED_ORIGINS`)");
  public static final Setting<String> LANG = Setting.of("WEB_LANG", Types.oneOf("en", "zh-CN"), DEFAULT_LANG,
      "the demo's default widget language; `?lang=` on a page wins");
  public static final Setting<Long> POLL_TIMEOUT_MS = Setting.of("WEB_POLL_TIMEOUT_MS", Types.longInteger(1, 600_000),
      DEFAULT_POLL_TIMEOUT_MS, "the router's `ROUTER_POLL_TIMEOUT_MS`; the widget gives a poll up 4 s after it");
  public static final Setting<Boolean> DEBUG = Setting.of("WEB_DEBUG", Types.bool(), false,
      "connection logging in the browser console");
  public static final Setting<String> METRICS_TOKEN = Setting.optional("WEB_METRICS_TOKEN", Types.text(),
      "unset (open)", "when set, `GET /metrics` asks for `Authorization: Bearer <token>` (401 JSON otherwise; "
          + "compared in constant time); the health endpoints stay open").withSecretValue();

  public static final Setting<Long> REQUEST_TIMEOUT_MS =
      ConnectionSettings.requestTimeoutMs("WEB", DEFAULT_REQUEST_TIMEOUT_MS);
  public static final Setting<Long> KEEPALIVE_TIMEOUT_MS =
      ConnectionSettings.keepAliveTimeoutMs("WEB", DEFAULT_KEEPALIVE_TIMEOUT_MS, "");

  /** All of them, in the documentation's order; the file is {@code WEB_CONFIG_FILE}. */
  public static final Settings ALL = Settings.of("WEB_CONFIG_FILE",
      List.of(PORT, HOST, GATEWAY_URL, LANG, POLL_TIMEOUT_MS, DEBUG, METRICS_TOKEN, REQUEST_TIMEOUT_MS,
          KEEPALIVE_TIMEOUT_MS));

  private WebSettings() {
  }
}
