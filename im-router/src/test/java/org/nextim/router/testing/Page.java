package org.nextim.router.testing;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One browser page of a user: its ticket, its polls (keeping the cursor of the last reply, the way
 * our widget does) and the REST calls a gateway makes on its behalf.
 */
public final class Page {

  /** How long a poll must stay unanswered before the test believes the router holds it. */
  public static final long HOLD_WINDOW_MS = 150;

  private final RestClient rest;
  private final String user;
  private final String ticket;
  private final Reply loginReply;
  private volatile Long cursor;

  Page(RestClient rest, String user, String ticket, Reply loginReply) {
    this.rest = rest;
    this.user = user;
    this.ticket = ticket;
    this.loginReply = loginReply;
  }

  /** The same page, its calls and polls going through another router node (it starts at this cursor). */
  public Page via(RestClient other) {
    Page p = new Page(other, user, ticket, loginReply);
    p.cursor = cursor;
    return p;
  }

  public String user() { return user; }
  public String ticket() { return ticket; }
  public RestClient rest() { return rest; }
  public Reply loginReply() { return loginReply; }
  public JsonObject login() { return loginReply.json(); }
  /** The cursor of the last 200 reply, null before the first. */
  public Long cursor() { return cursor; }

  // ---- polls ---------------------------------------------------------------------------------

  /** Polls with the kept cursor (none before the first reply) and expects HTTP 200, status ok. */
  public PollReply poll() {
    return ok(RestClient.await(pollAsync()));
  }

  public PollReply pollWithCursor(long c) {
    return ok(RestClient.await(pollAsync(c, null)));
  }

  /** The original client's poll: no cursor, so it acknowledges the previous reply. */
  public PollReply pollWithoutCursor() {
    return ok(RestClient.await(pollAsync(null, null)));
  }

  /** A poll whose reply is not checked (errors, JSONP, HTTP details). */
  public PollReply pollRaw(Long cursor, String callback) {
    return RestClient.await(pollAsync(cursor, callback));
  }

  public CompletableFuture<PollReply> pollAsync() {
    return pollAsync(cursor, null);
  }

  /** Sends {@code GET /packets}; a 200 reply moves the kept cursor to the reply's. */
  public CompletableFuture<PollReply> pollAsync(Long withCursor, String callback) {
    Params p = Params.of("domain", rest.domain(), "ticket", ticket);
    if (withCursor != null) {
      p.with("cursor", Long.toString(withCursor));
    }
    if (callback != null) {
      p.with("callback", callback);
    }
    long sent = System.nanoTime();
    return rest.rawGetAsync("/packets?" + p.encoded()).thenApply(r -> {
      PollReply reply = new PollReply(r, callback, sent, System.nanoTime());
      if (r.status() == 200) {
        cursor = reply.cursor();
      }
      return reply;
    });
  }

  /** Starts a poll and checks that the router holds it (no answer within {@link #HOLD_WINDOW_MS}). */
  public HeldPoll hold() {
    return hold(cursor);
  }

  public HeldPoll hold(Long withCursor) {
    CompletableFuture<PollReply> f = pollAsync(withCursor, null);
    try {
      PollReply early = f.get(HOLD_WINDOW_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      fail(user + "'s poll was answered at once instead of being held: " + early);
    } catch (java.util.concurrent.TimeoutException expected) {
      // held, as wanted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(user + "'s poll failed", e.getCause());
    }
    return new HeldPoll(this, f);
  }

  /** Polls (cursor kept) until the packets gathered satisfy {@code done}; fails after timeoutMs. */
  public Inbox awaitPackets(Predicate<Inbox> done, long timeoutMs) {
    Inbox inbox = new Inbox();
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!done.test(inbox)) {
      if (System.nanoTime() > deadline) {
        fail(user + " did not get the expected packets within " + timeoutMs + " ms; got " + inbox);
      }
      inbox.add(poll());
    }
    return inbox;
  }

  public Inbox awaitMessage(String body, long timeoutMs) {
    return awaitPackets(in -> in.hasBody(body), timeoutMs);
  }

  public Inbox awaitPresence(String from, String type, long timeoutMs) {
    return awaitPackets(in -> in.hasPresence(from, type), timeoutMs);
  }

  /** Keeps polling for at least {@code ms} and returns all it was given. */
  public Inbox collectFor(long ms) {
    Inbox inbox = new Inbox();
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) {
      inbox.add(poll());
    }
    return inbox;
  }

  /** {@link #collectFor} on its own thread, so the page stays alive while the test does other things. */
  public CompletableFuture<Inbox> collectInBackground(long ms) {
    CompletableFuture<Inbox> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(collectFor(ms));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "poller-" + user);
    t.setDaemon(true);
    t.start();
    return result;
  }

  /** One poll, held the whole poll timeout and answered empty. */
  public PollReply assertQuiet() {
    PollReply r = poll();
    assertTrue(r.isEmpty(), () -> user + " expected nothing but got " + r);
    return r;
  }

  /** Polls all pages at once; each poll must be answered empty (so nothing was queued for them). */
  public static void assertAllQuiet(Page... pages) {
    List<CompletableFuture<PollReply>> polls = new ArrayList<>();
    for (Page p : pages) {
      polls.add(p.pollAsync());
    }
    for (int i = 0; i < pages.length; i++) {
      PollReply r = ok(RestClient.await(polls.get(i)));
      Page p = pages[i];
      assertTrue(r.isEmpty(), () -> p.user + " expected nothing but got " + r);
    }
  }

  static PollReply ok(PollReply r) {
    assertEquals(200, r.httpStatus(), () -> "poll failed: " + r);
    assertEquals("ok", r.status(), () -> "poll status: " + r);
    return r;
  }

  // ---- calls a gateway makes for this page --------------------------------------------------

  public Reply send(String to, String body, String... extra) {
    return call("/messages", Params.of("to", to, "body", body).with(extra));
  }

  public Reply multicast(String room, String body, String... extra) {
    return call("/messages", Params.of("type", "multicast", "to", room, "body", body).with(extra));
  }

  public Reply broadcast(String body, String... extra) {
    return call("/messages", Params.of("type", "broadcast", "body", body).with(extra));
  }

  public Reply typing(String to, String show, String... extra) {
    return call("/statuses", Params.of("to", to, "show", show).with(extra));
  }

  public Reply show(String show, String... extra) {
    return call("/presences/show", Params.of("show", show).with(extra));
  }

  public Reply offline(String... extra) {
    return call("/presences/offline", Params.of().with(extra));
  }

  public Reply join(String room) {
    return call("/room/join", Params.of("room", room));
  }

  public Reply leave(String room) {
    return call("/room/leave", Params.of("room", room));
  }

  /** POST path with domain, apikey, this page's ticket and the given parameters. */
  public Reply call(String path, Params params) {
    Params p = rest.auth("ticket", ticket);
    params.asMap().forEach((k, v) -> p.with(k, v));
    return rest.rawPost(path, "application/x-www-form-urlencoded", p.encoded());
  }

  @Override
  public String toString() {
    return user + "@" + rest.domain() + "[" + ticket + "]";
  }
}
