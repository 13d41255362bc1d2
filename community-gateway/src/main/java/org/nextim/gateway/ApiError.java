package org.nextim.gateway;

import io.vertx.core.json.JsonObject;

/**
 * The gateway's one error vocabulary: an HTTP status, a code, a human message and, for 400s, the
 * parameter at fault. Anything that fails a request throws (or fails a future with) one of these; the
 * HTTP layer writes it as {@code {"error", "message", "param"?, "retryable"?}} in exactly one place.
 * A 503 or 429 is {@linkplain #retryable() retryable}: the same call may succeed later (after
 * {@link #retryAfterS()} seconds, sent as {@code Retry-After}); it never means "log in again".
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String param;
  private final int retryAfterS;
  private final JsonObject details;

  public ApiError(int status, String code, String message, String param) {
    this(status, code, message, param, 0, null);
  }

  private ApiError(int status, String code, String message, String param, int retryAfterS, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
    this.retryAfterS = retryAfterS;
    this.details = details;
  }

  public static ApiError missing(String param) {
    return new ApiError(400, "missing_parameter", "missing parameter: " + param, param);
  }

  public static ApiError invalid(String param, String why) {
    return new ApiError(400, "invalid_parameter", "invalid parameter " + param + ": " + why, param);
  }

  public static ApiError unauthorized(String why) {
    return new ApiError(401, "unauthorized", why, null);
  }

  public static ApiError forbidden(String code, String why) {
    return new ApiError(403, code, why, null);
  }

  public static ApiError notFound(String code, String why) {
    return new ApiError(404, code, why, null);
  }

  public static ApiError badGateway(String why) {
    return new ApiError(502, "router_unavailable", why, null);
  }

  /**
   * The router is there but cannot serve this call now (it answered 503, or did not answer in time)
   * even after the gateway's retries: retry the same call later, with the same ticket.
   */
  public static ApiError unavailable(String why, int retryAfterS) {
    return new ApiError(503, "unavailable", why, null, Math.max(1, retryAfterS), null);
  }

  /** The router refused the call for a rate or connection limit: retry after {@code retryAfterS}. */
  public static ApiError rateLimited(String why, int retryAfterS) {
    return new ApiError(429, "rate_limited", why, null, Math.max(1, retryAfterS), null);
  }

  public static ApiError tooLarge() {
    return new ApiError(413, "too_large", "request body too large", null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  /** Whether the same call may succeed later (503, 429): never a reason to log in again. */
  public boolean retryable() {
    return status == 503 || status == 429;
  }

  /** Seconds to wait before trying again ({@code Retry-After}); 0: no advice. */
  public int retryAfterS() {
    return retryAfterS;
  }

  /** The same error with one more field in its JSON body. */
  public ApiError with(String key, Object value) {
    JsonObject d = details == null ? new JsonObject() : details.copy();
    d.put(key, value);
    return new ApiError(status, code, getMessage(), param, retryAfterS, d);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", code).put("message", getMessage());
    if (param != null) {
      json.put("param", param);
    }
    if (retryable()) {
      json.put("retryable", true);
    }
    if (details != null) {
      details.forEach(e -> json.put(e.getKey(), e.getValue()));
    }
    return json;
  }
}
