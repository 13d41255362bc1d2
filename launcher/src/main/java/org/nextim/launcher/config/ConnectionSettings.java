package org.nextim.launcher.config;

/**
 * The connection bounds every service's HTTP server enforces ({@code org.nextim.limits.ConnectionGuard}),
 * one pair of variables per service, named with its prefix ({@code ROUTER}, {@code GATEWAY}, {@code WEB}).
 */
public final class ConnectionSettings {

  private ConnectionSettings() {
  }

  /** {@code <PREFIX>_REQUEST_TIMEOUT_MS}: how long a connection may take to send a request head or body. */
  public static Setting<Long> requestTimeoutMs(String prefix, long defaultMs) {
    return Setting.of(prefix + "_REQUEST_TIMEOUT_MS", Types.longInteger(0, Long.MAX_VALUE), defaultMs,
        "a connection that has not sent its first request head, or a request body, within this is closed "
            + "(0: no limit)");
  }

  /**
   * {@code <PREFIX>_KEEPALIVE_TIMEOUT_MS}: how long a keep-alive connection may stay idle after a reply;
   * {@code note} (may be empty) is appended to the documented meaning.
   */
  public static Setting<Long> keepAliveTimeoutMs(String prefix, long defaultMs, String note) {
    return Setting.of(prefix + "_KEEPALIVE_TIMEOUT_MS", Types.longInteger(0, Long.MAX_VALUE), defaultMs,
        "a keep-alive connection idle this long after its last reply is closed (0: no limit)" + note);
  }
}
