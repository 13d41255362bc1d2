package org.nextim.router.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.RouterError;

/** Writes replies: plain text, JSON, errors. Every reply has a length (no chunking: HTTP/1.0 clients). */
final class Replies {

  static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");
  static final CharSequence JAVASCRIPT = HttpHeaders.createOptimized("application/javascript; charset=utf-8");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache, no-store");
  private static final Buffer OK = Buffer.buffer("ok");

  private Replies() {
  }

  static void ok(HttpServerResponse resp) {
    text(resp, 200, OK.copy());
  }

  static void text(HttpServerResponse resp, int status, Buffer body) {
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(body);
  }

  static void json(HttpServerResponse resp, int status, Buffer body) {
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE).end(body);
  }

  /**
   * An error as the spec's table wants it: 401 and the REST "invalid ticket" in text, the rest as a JSON
   * object {@code {"error", "message", "param"?}}.
   */
  static void error(HttpServerResponse resp, RouterError e, boolean textTicketError) {
    if (e.status() == 401 || (textTicketError && "invalid_ticket".equals(e.code()))) {
      text(resp, e.status(), Buffer.buffer(e.getMessage()));
      return;
    }
    json(resp, e.status(), errorBody(e));
  }

  static Buffer errorBody(RouterError e) {
    JsonObject body = new JsonObject().put("error", e.code()).put("message", e.getMessage());
    if (e.param() != null) {
      body.put("param", e.param());
    }
    return body.toBuffer();
  }
}
