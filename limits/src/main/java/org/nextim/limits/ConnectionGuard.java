package org.nextim.limits;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it: one whose first request head has not
 * arrived {@code requestTimeoutMs} after it opened, one whose request body has not arrived
 * {@code requestTimeoutMs} after its head, and a keep-alive connection with no new request
 * {@code keepAliveTimeoutMs} after its last reply. A request that has fully arrived and waits for its
 * answer (a held poll) is never cut: no clock runs then.
 *
 * <p>One guard per HTTP server, used on that server's event loop only: no locks. A periodic sweep
 * (a quarter of the smaller bound, 5 ms to 1 s) looks at each open connection. The server must have
 * h2c off, else Vert.x reports a connection only once its first bytes came.
 */
public final class ConnectionGuard {

  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  /** What one open connection is doing. */
  private static final class State {
    /** The request being read or answered, or null between requests. */
    HttpServerRequest current;
    /** When the current phase began (nanoTime): opened, head arrived, or last reply written. */
    long since;
    /** A reply was written on it: between requests the keep-alive bound applies. */
    boolean served;
  }

  private final long requestTimeoutNs;
  private final long keepAliveNs;
  private final Map<HttpConnection, State> open = new HashMap<>();
  private long sweepEveryNs;
  private long lastSweep = System.nanoTime();

  private ConnectionGuard(long requestTimeoutMs, long keepAliveTimeoutMs) {
    this.requestTimeoutNs = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
    this.keepAliveNs = TimeUnit.MILLISECONDS.toNanos(keepAliveTimeoutMs);
  }

  /**
   * Sets {@code server}'s connection and request handlers ({@code handler} serves the requests) and
   * starts the sweep on the caller's context, which must be the server's. A bound of 0 is no bound.
   */
  public static HttpServer install(Vertx vertx, HttpServer server, Handler<HttpServerRequest> handler,
                                   long requestTimeoutMs, long keepAliveTimeoutMs) {
    if (requestTimeoutMs <= 0 && keepAliveTimeoutMs <= 0) {
      return server.requestHandler(handler);
    }
    ConnectionGuard guard = new ConnectionGuard(requestTimeoutMs, keepAliveTimeoutMs);
    long smaller = Math.min(requestTimeoutMs <= 0 ? Long.MAX_VALUE : requestTimeoutMs,
        keepAliveTimeoutMs <= 0 ? Long.MAX_VALUE : keepAliveTimeoutMs);
    long every = Math.max(5, Math.min(1000, smaller / 4));
    guard.sweepEveryNs = TimeUnit.MILLISECONDS.toNanos(every);
    vertx.setPeriodic(every, id -> guard.sweep());
    return server.connectionHandler(guard::opened).requestHandler(req -> {
      guard.started(req);
      handler.handle(req);
    });
  }

  private void opened(HttpConnection conn) {
    State s = new State();
    s.since = System.nanoTime();
    open.put(conn, s);
    conn.closeHandler(v -> open.remove(conn));
  }

  private void started(HttpServerRequest req) {
    State s = open.get(req.connection());
    if (s == null) {
      return; // not seen opening (the guard came later): leave it alone
    }
    s.current = req;
    s.since = System.nanoTime();
    req.response().endHandler(v -> {
      if (s.current == req) {
        s.current = null;
        s.served = true;
        s.since = System.nanoTime();
      }
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    long sinceLast = now - lastSweep;
    lastSweep = now;
    if (sinceLast > 2 * sweepEveryNs + TimeUnit.SECONDS.toNanos(1)) {
      // This process stood still (GC pause, stopped VM): its clients could not send meanwhile, so the
      // time does not count against their connections.
      for (State s : open.values()) {
        s.since = now;
      }
      return;
    }
    List<HttpConnection> stale = null;
    for (Map.Entry<HttpConnection, State> e : open.entrySet()) {
      State s = e.getValue();
      long bound;
      if (s.current == null) {
        bound = s.served ? keepAliveNs : requestTimeoutNs;
      } else if (!s.current.isEnded()) {
        bound = requestTimeoutNs; // the body is still on its way
      } else {
        continue; // being answered (a held poll): no clock
      }
      if (bound > 0 && now - s.since > bound) {
        if (stale == null) {
          stale = new ArrayList<>();
        }
        stale.add(e.getKey());
      }
    }
    if (stale != null) {
      for (HttpConnection conn : stale) {
        State s = open.remove(conn);
        if (log.isDebugEnabled()) {
          log.debug("closing {} connection from {}", s.current != null ? "a half-sent request's"
              : s.served ? "an idle keep-alive" : "a silent", conn.remoteAddress());
        }
        conn.close();
      }
    }
  }
}
