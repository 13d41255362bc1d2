package org.nextim.limits;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service answers to bytes that are not an HTTP/1.x request it can read: a JSON error like every
 * other refusal (the protocol's error table), then a close — where Vert.x alone answers an empty 400,
 * 414 or 431, and 501 for an unknown HTTP version.
 *
 * <ul>
 *   <li>a request line over the server's limit (4,096 bytes by default): 414 {@code too_large};
 *   <li>request headers over the server's limit (8,192 bytes by default): 431 {@code too_large};
 *   <li>anything else the HTTP codec cannot read, and an HTTP version other than 1.0 and 1.1: 400
 *       {@code invalid_parameter} naming {@code request}.
 * </ul>
 */
public final class InvalidRequests {

  private static final Logger log = LoggerFactory.getLogger(InvalidRequests.class);

  private InvalidRequests() {
  }

  /**
   * Makes {@code server} answer invalid requests as above. Also refuses every WebSocket handshake (400):
   * with a handshake handler set, Vert.x hands a request of an unknown HTTP version to the request
   * handler instead of answering it 501 itself, and {@link #versionChecked} answers it.
   */
  public static HttpServer install(HttpServer server) {
    return server.invalidRequestHandler(InvalidRequests::answer).webSocketHandshakeHandler(ws -> ws.reject(400));
  }

  /** {@code handler}, but a request of an HTTP version other than 1.0 and 1.1 is answered 400 first. */
  public static Handler<HttpServerRequest> versionChecked(Handler<HttpServerRequest> handler) {
    return req -> {
      if (req.version() == null) {
        answer(req);
      } else {
        handler.handle(req);
      }
    };
  }

  /** Answers a request the server cannot serve as HTTP/1.x, then closes its connection. */
  public static void answer(HttpServerRequest req) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    int status;
    JsonObject error;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error = new JsonObject().put("error", "too_large")
          .put("message", "request line too long: send long parameters in a POST body");
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error = new JsonObject().put("error", "too_large").put("message", "request headers too large");
    } else {
      status = 400;
      error = new JsonObject().put("error", "invalid_parameter")
          .put("message", "invalid parameter 'request': not a valid HTTP/1.x request").put("param", "request");
    }
    if (log.isDebugEnabled()) {
      log.debug("invalid HTTP request from {}: {}", req.remoteAddress(), cause == null ? "HTTP version" : cause.toString());
    }
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(error.encode())
        .onComplete(ar -> req.connection().close());
  }
}
