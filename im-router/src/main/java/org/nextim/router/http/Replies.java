package org.nextim.router.http;

import org.nextim.router.core.Reply;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Writes a {@link Reply} to a response. Every reply has a length (no chunking: HTTP/1.0 clients). */
final class Replies {

  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache, no-store");
  private static final CharSequence TEXT = HttpHeaders.createOptimized(Reply.TEXT);
  private static final CharSequence JSON = HttpHeaders.createOptimized(Reply.JSON);
  private static final CharSequence JAVASCRIPT = HttpHeaders.createOptimized(Reply.JAVASCRIPT);
  /** A 503 means "a node is slow or busy": try again in about a second. */
  private static final CharSequence RETRY_AFTER_SECONDS = HttpHeaders.createOptimized("1");

  private Replies() {
  }

  /** A 429's {@code retry_after} (seconds; see {@link Reply#error}), 1 when it has none. */
  private static long retryAfter(Reply reply) {
    try {
      Object v = new JsonObject(reply.body()).getValue("retry_after");
      return v instanceof Number n ? Math.max(1, n.longValue()) : 1;
    } catch (RuntimeException e) {
      return 1;
    }
  }

  static void write(HttpServerResponse resp, Reply reply) {
    if (resp.ended() || resp.closed()) {
      return;
    }
    String type = reply.contentType();
    CharSequence header = Reply.JSON.equals(type) ? JSON : Reply.TEXT.equals(type) ? TEXT
        : Reply.JAVASCRIPT.equals(type) ? JAVASCRIPT : type;
    resp.setStatusCode(reply.status()).putHeader(HttpHeaders.CONTENT_TYPE, header);
    if (header != TEXT) {
      resp.putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    }
    if (header == JAVASCRIPT || header == JSON) {
      resp.putHeader(X_CONTENT_TYPE_OPTIONS, NOSNIFF); // a JSON reply is never to be run as a script
    }
    if (reply.status() == 503) {
      resp.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    } else if (reply.status() == 429) {
      resp.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter(reply)));
    }
    resp.end(reply.body());
  }
}
