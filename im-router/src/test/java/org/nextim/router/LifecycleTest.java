package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;

/**
 * Page life: held-poll timing, idle drop, the offline grace and {@code all=1} (protocol.md 2.3, 2.5).
 * Poll timeout 600 ms, idle timeout 500 ms: a held poll outlasts the idle limit and must keep its page.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class LifecycleTest {

  private static final long POLL_MS = 600;
  private static final long IDLE_MS = 500;
  private static final long WAIT = 4000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx, TestRouter.defaults().setPollTimeoutMs(POLL_MS).setIdleTimeoutMs(IDLE_MS));
  }

  private static long msSince(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1_000_000;
  }

  /** When the reply that carried {@code from}'s presence of {@code type} was answered. */
  private static long answeredAt(Inbox in, String from, String type) {
    for (PollReply r : in.replies) {
      if (r.presences().stream().anyMatch(p -> from.equals(p.getString("from")) && type.equals(p.getString("type")))) {
        return r.answeredNanos();
      }
    }
    throw new AssertionError("no " + type + " from " + from + " in " + in);
  }

  @Test
  void anEmptyPollIsHeldForThePollTimeoutThenAnsweredEmpty() {
    Page alice = router.login("alice");
    for (int i = 0; i < 3; i++) {
      PollReply r = alice.poll();
      assertTrue(r.isEmpty(), r::toString);
      assertEquals("ok", r.status());
      assertTrue(r.heldMs() >= POLL_MS - 60, "held about the poll timeout, was " + r.heldMs() + " ms");
      assertTrue(r.heldMs() < POLL_MS + IDLE_MS, "answered well before timeout + idle, was " + r.heldMs() + " ms");
    }
  }

  @Test
  void aHeldPollKeepsItsPageAliveBeyondTheIdleTimeout() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    CompletableFuture<Inbox> bobWatches = bob.collectInBackground(4 * POLL_MS);
    for (int i = 0; i < 4; i++) {
      assertEquals(200, alice.pollRaw(alice.cursor(), null).httpStatus(), "poll " + i + " of a live page");
    }
    Inbox seen = bobWatches.join();
    assertTrue(seen.presencesFrom("alice").isEmpty(), "alice never went offline: " + seen);
    assertOk(alice.send("bob", "still here"));
  }

  @Test
  void aPageThatStopsPollingIsDroppedAndItsTicketIs404() throws InterruptedException {
    Page alice = router.login("alice");
    Thread.sleep(2 * IDLE_MS + 200); // let the idle timeout elapse
    assertPollInvalidTicket(alice.pollRaw(null, null).http());
    assertInvalidTicket(alice.send("bob", "too late"));
  }

  @Test
  void aPageDroppedAfterAReplyIs404Too() throws InterruptedException {
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    assertOk(bob.send("alice", "one"));
    assertEquals(List.of("one"), alice.poll().bodies());
    Thread.sleep(2 * IDLE_MS + 200); // idle counts from the last reply written
    assertPollInvalidTicket(alice.pollRaw(alice.cursor(), null).http());
  }

  @Test
  void lastPageEndedWithoutAllIsAnnouncedOfflineOnlyAfterTheGrace() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    long ended = System.nanoTime();
    assertOk(alice.offline());

    Inbox in = bob.awaitPresence("alice", "offline", WAIT);
    long after = msSince(ended, answeredAt(in, "alice", "offline"));
    assertTrue(after >= IDLE_MS - 50, "offline only after the grace, came after " + after + " ms");
    assertEquals(new JsonObject().put("from", "alice").put("nick", "Alice").put("type", "offline")
        .put("show", "unavailable").put("status", ""), in.presence("alice", "offline"));
  }

  @Test
  void aDroppedLastPageIsAnnouncedOfflineAfterIdleAndGrace() {
    Page bob = router.login("bob", "buddies", "alice");
    long login = System.nanoTime();
    router.login("alice", "buddies", "bob"); // never polls

    Inbox in = bob.awaitPresence("alice", "offline", WAIT);
    long after = msSince(login, answeredAt(in, "alice", "offline"));
    assertTrue(after >= 2 * IDLE_MS - 100, "dropped after idle, then announced after the grace: " + after + " ms");
    assertEquals(1, in.presences("alice", "online").size(), "alice's login was announced once: " + in);
  }

  @Test
  void aNewPageInsideTheGraceCancelsTheOfflineAndGetsWhatArrivedMeanwhile() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice1 = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    assertOk(bob.send("alice", "unread before leaving", "id", "u-1"));
    assertOk(alice1.offline());
    assertOk(bob.send("alice", "sent during the grace", "id", "u-2"));
    Page alice2 = router.login("alice", "buddies", "bob");
    assertEquals(1, alice2.login().getInteger("clientnum"));

    Inbox got = alice2.awaitPackets(in -> in.hasBody("sent during the grace") && in.hasBody("unread before leaving"), WAIT);
    assertTrue(got.bodies().indexOf("unread before leaving") < got.bodies().indexOf("sent during the grace"), got::toString);

    CompletableFuture<Inbox> aliceStays = alice2.collectInBackground(IDLE_MS * 3);
    Inbox bobSaw = bob.collectFor(IDLE_MS * 3);
    assertTrue(bobSaw.presencesFrom("alice").isEmpty(), "no flap: bob sees neither offline nor online: " + bobSaw);
    aliceStays.join();
  }

  @Test
  void offlineAllAnnouncesAtOnceAndEndsEveryPage() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice1 = router.login("alice", "buddies", "bob");
    Page alice2 = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    HeldPoll bobPoll = bob.hold();
    HeldPoll alice2Poll = alice2.hold();
    long ended = System.nanoTime();
    assertOk(alice1.offline("all", "1"));

    PollReply r = bobPoll.awaitWithin(WAIT);
    assertEquals("offline", r.presences().get(0).getString("type"), r::toString);
    long after = msSince(ended, r.answeredNanos());
    assertTrue(after < IDLE_MS / 2, "announced at once, came after " + after + " ms");

    assertPollInvalidTicket(alice2Poll.awaitRaw().http());
    assertPollInvalidTicket(alice1.pollRaw(null, null).http());
    assertPollInvalidTicket(alice2.pollRaw(null, null).http());
  }

  @Test
  void aHeldPollOfAPageThatEndsIsAnswered404() {
    Page alice = router.login("alice");
    Page other = router.login("alice");
    HeldPoll held = alice.hold();
    assertOk(alice.offline());
    assertPollInvalidTicket(held.awaitRaw().http());
    assertEquals(200, other.pollRaw(null, null).httpStatus(), "only the ended page is gone");
  }

  @Test
  void endingOneOfTwoPagesAnnouncesNothing() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice1 = router.login("alice", "buddies", "bob");
    Page alice2 = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    CompletableFuture<Inbox> alive = alice2.collectInBackground(3 * POLL_MS);
    assertOk(alice1.offline());
    Inbox bobSaw = bob.collectFor(3 * POLL_MS);
    assertTrue(bobSaw.presencesFrom("alice").isEmpty(), bobSaw::toString);
    alive.join();
  }
}
