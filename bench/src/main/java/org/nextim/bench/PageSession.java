package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser page of one user: a ticket and a loop that keeps a JSONP long poll held on a connection
 * of its own, re-polling as soon as a reply arrives with the cursor of that reply (as our widget does).
 * Runs on its shard's event loop only.
 */
public final class PageSession {

  /** The shard's reaction to what the page receives. */
  public interface Listener {
    void onReply(PageSession page, PollReply reply, long receivedAtNanos);

    /** The router no longer knows the ticket (404): the page must log in again to keep receiving. */
    void onTicketLost(PageSession page);
  }

  private static final Logger log = LoggerFactory.getLogger(PageSession.class);
  static final String CALLBACK = "cb";
  /** Pause before re-polling after a failure, so a broken router is not hammered in a tight loop. */
  private static final long RETRY_DELAY_MS = 500;

  private final Vertx vertx;
  private final int user;
  private final String name;
  private final Backend client;
  private final PollStats stats;
  private final long pollIdleTimeoutMs;
  private final Listener listener;

  private HttpClientConnection connection;
  private String ticket;
  private long cursor;
  private boolean polling;
  private boolean held;
  private boolean stopped = true;
  /** The backend's polling position beyond the cursor (Nchan's caching headers); null at first. */
  private Object pollState;

  public PageSession(Vertx vertx, int user, String name, Backend client, PollStats stats,
                     long pollIdleTimeoutMs, Listener listener) {
    this.vertx = vertx;
    this.user = user;
    this.name = name;
    this.client = client;
    this.stats = stats;
    this.pollIdleTimeoutMs = pollIdleTimeoutMs;
    this.listener = listener;
  }

  public int user() {
    return user;
  }

  public String name() {
    return name;
  }

  /** The live ticket, or null while the page is logged out. */
  public String ticket() {
    return ticket;
  }

  public long cursor() {
    return cursor;
  }

  public Object pollState() {
    return pollState;
  }

  public void pollState(Object state) {
    pollState = state;
  }

  public boolean isHeld() {
    return held;
  }

  /** Starts (or, after a lost ticket, restarts) polling with a fresh ticket from cursor 0. */
  public void start(String newTicket) {
    ticket = newTicket;
    cursor = 0;
    pollState = null;
    stopped = false;
    if (!polling) {
      poll();
    }
  }

  /** No more polls; the held one, if any, is left to finish or to be cut by {@link #closeConnection()}. */
  public void stop() {
    stopped = true;
  }

  /** Forgets the ticket, e.g. when the router answered 404 and the page must log in again. */
  public void loseTicket() {
    ticket = null;
  }

  public Future<Void> closeConnection() {
    HttpClientConnection c = connection;
    connection = null;
    return c == null ? Future.succeededFuture() : c.close();
  }

  private void poll() {
    if (stopped || ticket == null) {
      polling = false;
      return;
    }
    polling = true;
    if (connection == null) {
      client.openPollConnection().onComplete(ar -> {
        if (ar.succeeded()) {
          stats.connects++;
          HttpClientConnection c = ar.result();
          connection = c;
          c.closeHandler(v -> {
            if (connection == c) {
              connection = null;
            }
          });
          poll();
        } else {
          stats.connectFailures++;
          log.debug("{}: connect failed: {}", name, ar.cause().toString());
          retryLater();
        }
      });
      return;
    }
    String sentTicket = ticket;
    HttpClientConnection c = connection;
    held = true;
    stats.held++;
    c.request(client.pollRequest(this, pollIdleTimeoutMs))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> new Answer(resp, body)))
        .onComplete(ar -> {
          held = false;
          stats.held--;
          if (ar.failed()) {
            stats.failures++;
            log.debug("{}: poll failed: {}", name, ar.cause().toString());
            if (connection == c) {
              connection = null;
              c.close();
            }
            retryLater();
          } else {
            handle(ar.result(), sentTicket);
          }
        });
  }

  private record Answer(HttpClientResponse response, Buffer body) {
  }

  private void handle(Answer answer, String sentTicket) {
    long now = System.nanoTime();
    int status = answer.response().statusCode();
    if ("close".equalsIgnoreCase(answer.response().getHeader("Connection")) && connection != null) {
      connection = null; // the router will close it; do not race a new request onto it
    }
    if (status == 404) {
      if (stopped) {
        polling = false; // our own logout at the end of the run: expected, not counted
        return;
      }
      stats.invalidTicket++;
      if (sentTicket.equals(ticket)) {
        polling = false;
        listener.onTicketLost(this);
        return;
      }
      poll();
      return;
    }
    if (status != 200 && !client.isEmptyStatus(status)) {
      stats.otherStatus(status);
      retryLater();
      return;
    }
    PollReply reply;
    try {
      reply = client.parsePoll(answer.response(), answer.body(), this);
    } catch (IllegalArgumentException e) {
      stats.protocolErrors++;
      log.warn("{}: unparseable poll reply: {}", name, e.getMessage());
      retryLater();
      return;
    }
    stats.replies++;
    if (!reply.isOk()) {
      stats.notOk++;
    }
    if (reply.isEmpty()) {
      stats.emptyReplies++;
    }
    if (reply.overflow()) {
      stats.overflows++;
    }
    stats.messages += reply.messages().size();
    stats.presences += reply.presences();
    stats.statuses += reply.statuses();
    if (sentTicket.equals(ticket)) {
      if (reply.cursor() < cursor) {
        stats.cursorRegressions++;
      }
      cursor = reply.cursor();
    }
    listener.onReply(this, reply, now);
    poll();
  }

  private void retryLater() {
    if (stopped) {
      polling = false;
      return;
    }
    vertx.setTimer(RETRY_DELAY_MS, t -> poll());
  }
}
