package org.nextim.gateway.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.nextim.limits.LingeringClose;
import org.nextim.gateway.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * Writes replies: {@code ok} as text, JSON, or JSONP {@code callback(json);} when the request has a
 * valid {@code callback}; errors as {@code {"error", "message", "param"?}}. {@link #failure} is the
 * router-wide failure handler: the one place an exception becomes a status.
 */
public final class Replies {

  private static final Logger log = LoggerFactory.getLogger(Replies.class);
  private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][\\w$]{0,63}(\\.[A-Za-z_$][\\w$]{0,63})*");
  private static final int MAX_CALLBACK = 256;
  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String SCRIPT = "application/javascript; charset=utf-8";
  /** Marks a request whose errors use the /webim/online form. */
  static final String ONLINE_ERRORS = "webim.onlineErrors";

  private Replies() {
  }

  /** The request's JSONP callback, null without one; 400 when it is not a JavaScript identifier path. */
  public static String callback(RoutingContext ctx) {
    String cb;
    try {
      cb = ctx.request().getParam("callback");
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("query", "malformed query string"); // a bad percent-escape
    }
    if (cb == null || cb.isEmpty()) {
      return null;
    }
    if (cb.length() > MAX_CALLBACK || !CALLBACK.matcher(cb).matches()) {
      throw ApiError.invalid("callback", "not a JavaScript identifier path");
    }
    return cb;
  }

  private static String safeCallback(RoutingContext ctx) {
    try {
      return callback(ctx);
    } catch (ApiError e) {
      return null;
    }
  }

  public static void ok(RoutingContext ctx) {
    String cb = safeCallback(ctx);
    if (cb != null) {
      script(ctx.response(), 200, cb, "\"ok\"");
    } else {
      ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end("ok");
    }
  }

  /** {@code value}: a JsonObject, JsonArray or anything Jackson encodes. */
  public static void json(RoutingContext ctx, int status, Object value) {
    String encoded = value instanceof JsonObject o ? o.encode() : Json.encode(value);
    String cb = safeCallback(ctx);
    if (cb != null) {
      script(ctx.response(), status, cb, encoded);
    } else {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(encoded);
    }
  }

  private static void script(HttpServerResponse resp, int status, String cb, String json) {
    // U+2028/2029 are legal in JSON but end lines in older JavaScript parsers.
    String body = cb + "(" + json.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + ");";
    resp.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, SCRIPT)
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(Buffer.buffer(body));
  }

  /** Writes an error; a bad callback itself is never echoed back as JSONP. */
  public static void error(RoutingContext ctx, ApiError e) {
    if (ctx.response().ended()) {
      return;
    }
    if (e.retryAfterS() > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterS()));
    }
    if (Boolean.TRUE.equals(ctx.get(ONLINE_ERRORS))) {
      JsonObject body = new JsonObject().put("success", false).put("error", e.code()).put("error_msg", e.getMessage());
      if (e.retryable()) {
        body.put("retryable", true);
      }
      json(ctx, e.status(), body);
      return;
    }
    if ("callback".equals(e.param())) {
      ctx.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(e.toJson().encode());
      return;
    }
    json(ctx, e.status(), e.toJson());
  }

  /**
   * Marks the reply as the connection's last: {@code Connection: close}, and the connection closed once
   * the reply is written. For requests whose body could not be read (the decoder refused it).
   */
  public static void closeAfterReply(RoutingContext ctx) {
    lastReply(ctx);
    ctx.addEndHandler(v -> ctx.request().connection().close());
  }

  /**
   * Like {@link #closeAfterReply}, for a request whose body is left unread (413): the rest is drained
   * first, so a client still sending reads the reply rather than a reset connection.
   */
  public static void drainThenClose(RoutingContext ctx) {
    lastReply(ctx);
    ctx.addEndHandler(v -> LingeringClose.after(ctx.request()));
  }

  private static void lastReply(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
  }

  /**
   * Whether {@code t} is Netty's HTTP decoder refusing what the client sent after the request head (a
   * bad chunk size, an over-long chunk line): Vert.x hands it to the request's exception handler.
   */
  private static boolean malformedBytes(Throwable t) {
    if (t instanceof DecoderException) {
      return true;
    }
    if (t == null) {
      return false;
    }
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i < Math.min(4, stack.length); i++) {
      if (stack[i].getClassName().startsWith("io.netty.handler.codec.http.")) {
        return true;
      }
    }
    return false;
  }

  /** Client text for a log line: cut short, control and non-ASCII characters as {@code ?}. */
  private static String printable(String s) {
    String cut = s == null ? "" : s.length() > 120 ? s.substring(0, 120) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e…]", "?");
  }

  /** Router-wide failure handler. */
  public static void failure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    ApiError e;
    if (t instanceof ApiError a) {
      e = a;
    } else if (t instanceof HttpClosedException || ctx.response().closed()) {
      // The client went away (a closed tab, a lost network) before its request was read or answered:
      // not a failure here, and nobody to answer.
      log.debug("{} {}: the client went away", ctx.request().method(), printable(ctx.request().path()));
      return;
    } else if (malformedBytes(t)) {
      // The request itself broke while its body was being read (e.g. a bad chunk size): the client's fault,
      // so debug only (a flood of them must not flood the log).
      log.debug("{} {}: malformed request body: {}", ctx.request().method(), printable(ctx.request().path()),
          printable(t.toString()));
      e = ctx.statusCode() == 413 ? ApiError.tooLarge() : ApiError.invalid("body", "malformed request body");
      closeAfterReply(ctx);
    } else if (ctx.statusCode() == 413) {
      e = ApiError.tooLarge();
      drainThenClose(ctx); // the rest of the body is not read
    } else if (t == null && ctx.statusCode() == 404) {
      e = ApiError.notFound("not_found", "no such path: " + ctx.request().path());
    } else if (t == null && ctx.statusCode() == 400) {
      e = ApiError.invalid("body", "malformed request");
    } else if (ctx.statusCode() == 403) {
      e = ApiError.forbidden("forbidden", t == null ? "forbidden" : t.getMessage()); // e.g. CORS: origin not allowed
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      e = new ApiError(ctx.statusCode(), "rejected", t == null ? "request rejected" : t.getMessage(), null);
    } else {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
      e = new ApiError(500, "internal", "internal error", null);
    }
    if (e.status() >= 500 && e.status() != 500) {
      log.warn("{} {}: {} {}", ctx.request().method(), ctx.request().path(), e.status(), e.getMessage());
    }
    error(ctx, e);
  }
}
