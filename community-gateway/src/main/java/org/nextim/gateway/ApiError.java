package org.nextim.gateway;

import io.vertx.core.json.JsonObject;

/**
 * The gateway's one error vocabulary: an HTTP status, a code, a human message and, for 400s, the
 * parameter at fault. Anything that fails a request throws (or fails a future with) one of these; the
 * HTTP layer writes it as {@code {"error", "message", "param"?}} in exactly one place.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String param;

  public ApiError(int status, String code, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
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

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", code).put("message", getMessage());
    if (param != null) {
      json.put("param", param);
    }
    return json;
  }
}
