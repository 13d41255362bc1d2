package org.nextim.router.core;

/**
 * The router's one error vocabulary: an HTTP status, a code, a human message, the parameter at fault
 * (if any), and whether the client may retry the same request. Thrown by the node and the HTTP layer,
 * turned into a reply in one place. No stack trace: these are answers, not bugs.
 */
public final class RouterError extends RuntimeException {

  private final int status;
  private final String code;
  private final String param;
  private final boolean retryable;
  private final long retryAfterS;

  private RouterError(int status, String code, String message, String param, boolean retryable) {
    this(status, code, message, param, retryable, 0);
  }

  private RouterError(int status, String code, String message, String param, boolean retryable, long retryAfterS) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
    this.retryable = retryable;
    this.retryAfterS = retryAfterS;
  }

  public static RouterError authenticationFailed() {
    return new RouterError(401, "authentication_failed", "authentication failed.", null, false);
  }

  public static RouterError invalidTicket() {
    return new RouterError(404, "invalid_ticket", "invalid ticket.", null, false);
  }

  public static RouterError missing(String param) {
    return new RouterError(400, "missing_parameter", "missing parameter '" + param + "'", param, false);
  }

  public static RouterError invalid(String param, String why) {
    return new RouterError(400, "invalid_parameter", "invalid parameter '" + param + "': " + why, param, false);
  }

  public static RouterError notAMember(String room) {
    return new RouterError(403, "not_a_member", "not a member of room '" + room + "'", "room", false);
  }

  public static RouterError tooLarge(int limit) {
    return new RouterError(413, "too_large", "request body larger than " + limit + " bytes", null, false);
  }

  public static RouterError notFound(String path) {
    return new RouterError(404, "not_found", "no such call: " + path, null, false);
  }

  /** The tenant is disabled by the operator: its calls and polls are refused until it is enabled. */
  public static RouterError domainDisabled() {
    return new RouterError(403, "domain_disabled", "this domain is disabled.", null, false);
  }

  /** An admin API create of something that exists. */
  public static RouterError exists(String why) {
    return new RouterError(409, "exists", why, "domain", false);
  }

  /** An admin API call on a domain the router does not have. */
  public static RouterError noSuchDomain(String domain) {
    return new RouterError(404, "not_found", "no domain '" + domain + "'", "domain", false);
  }

  public static RouterError unavailable(String why) {
    return new RouterError(503, "unavailable", why, null, true);
  }

  /** 503, retryable, with a {@code Retry-After} of {@code retryAfterS} seconds. */
  public static RouterError unavailable(String why, long retryAfterS) {
    return new RouterError(503, "unavailable", why, null, true, Math.max(1, retryAfterS));
  }

  /** A rate or connection limit: the same call may succeed after {@code retryAfterS} seconds. */
  public static RouterError rateLimited(String why, long retryAfterS) {
    return new RouterError(429, "rate_limited", why, null, true, Math.max(1, retryAfterS));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The parameter at fault, or null. */
  public String param() {
    return param;
  }

  public boolean retryable() {
    return retryable;
  }

  /** Seconds to wait before the same call may succeed (a 429's {@code Retry-After}), else 0. */
  public long retryAfterS() {
    return retryAfterS;
  }
}
