package org.nextim.router.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A finished answer to one request: status, content type, body. Calls produce replies instead of
 * writing responses, so a call can run on the node that holds the page and its reply travel back.
 */
public record Reply(int status, String contentType, Buffer body) {

  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json; charset=utf-8";
  public static final String JAVASCRIPT = "application/javascript; charset=utf-8";

  public static Reply ok() {
    // A fresh buffer each time: a written buffer's reader index moves, so it is never shared.
    return new Reply(200, TEXT, Buffer.buffer("ok"));
  }

  public static Reply text(String body) {
    return new Reply(200, TEXT, Buffer.buffer(body));
  }

  public static Reply json(JsonObject body) {
    return new Reply(200, JSON, body.toBuffer());
  }

  public static Reply json(JsonBytes body) {
    return new Reply(200, JSON, Buffer.buffer(body.toBytes()));
  }

  public static Reply json(Buffer body) {
    return new Reply(200, JSON, body);
  }

  /**
   * An error as the spec's table wants it: 401 and the REST "invalid ticket" in text, the rest as a JSON
   * object {@code {"error", "message", "param"?}}.
   */
  public static Reply error(RouterError e, boolean textTicketError) {
    if (e.status() == 401 || (textTicketError && "invalid_ticket".equals(e.code()))) {
      return new Reply(e.status(), TEXT, Buffer.buffer(e.getMessage()));
    }
    JsonObject body = new JsonObject().put("error", e.code()).put("message", e.getMessage());
    if (e.param() != null) {
      body.put("param", e.param());
    }
    if (e.retryable()) {
      body.put("retryable", true);
    }
    if (e.retryAfterS() > 0) {
      // Also in the body: a reply may travel from another node, and Replies sets Retry-After from it.
      body.put("retry_after", e.retryAfterS());
    }
    return new Reply(e.status(), JSON, body.toBuffer());
  }
}
