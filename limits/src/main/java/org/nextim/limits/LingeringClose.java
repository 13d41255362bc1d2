package org.nextim.limits;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes a connection after an answer sent before its request's body was read (413 for a body over the
 * limit), the way a web server's "lingering close" does: the rest of the body is read and dropped
 * first. Closing with unread bytes in the socket makes the kernel send a reset, and a reset discards
 * what the client had not yet read, the answer included: the client, still sending, sees "connection
 * reset" instead of the 413 that names its problem.
 *
 * <p>Bounded: the connection closes when the body ends, after {@code maxBytes} more bytes, or after
 * {@code maxMillis}, whichever comes first. Call it on the request's event loop, once the answer is
 * written (in its completion callback).
 */
public final class LingeringClose {

  /** How much more of a refused body is read at most before the connection is closed anyway. */
  public static final long MAX_BYTES = 8L * 1024 * 1024;
  /** How long a refused body is read at most before the connection is closed anyway. */
  public static final long MAX_MILLIS = 2_000;

  private final HttpConnection connection;
  private final Vertx vertx;
  private long left;
  private long timer = -1;
  private boolean closed;

  private LingeringClose(Vertx vertx, HttpServerRequest request, long maxBytes) {
    this.vertx = vertx;
    this.connection = request.connection();
    this.left = maxBytes;
  }

  /** Drains the rest of {@code request}'s body within the default bounds, then closes its connection. */
  public static void after(HttpServerRequest request) {
    after(request, MAX_BYTES, MAX_MILLIS);
  }

  /**
   * Drains the rest of {@code request}'s body within the given bounds, then closes its connection. Runs
   * on the request's context (the callback of the answer's write is).
   */
  public static void after(HttpServerRequest request, long maxBytes, long maxMillis) {
    Vertx vertx = Vertx.currentContext().owner();
    LingeringClose linger = new LingeringClose(vertx, request, maxBytes);
    if (request.isEnded()) {
      linger.close();
      return;
    }
    linger.timer = vertx.setTimer(maxMillis, t -> linger.close());
    request.handler(chunk -> {
      linger.left -= chunk.length();
      if (linger.left < 0) {
        linger.close();
      }
    });
    request.endHandler(v -> linger.close());
    request.exceptionHandler(t -> linger.close());
    request.resume();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    connection.close();
  }
}
