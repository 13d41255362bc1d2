package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.HeldPoll;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** Superseded polls, cursor replay and overflow, the original cursor-less acknowledgement (2.3, 2.6). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class CursorTest {

  private static final long WAIT = 3000;

  private TestRouter router;
  private Page alice;
  private Page bob;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx); // page buffer 50
    alice = router.login("alice");
    bob = router.login("bob");
  }

  /** Bob's poll that hands him {@code body}, establishing his cursor. */
  private PollReply deliver(String body) {
    assertOk(alice.send("bob", body));
    PollReply r = bob.poll();
    assertEquals(List.of(body), r.bodies());
    return r;
  }

  @Test
  void aSecondPollAnswersTheHeldOneAtOnceEmptyWithTheSameCursor() {
    long c = deliver("first").cursor();

    HeldPoll first = bob.hold(c);
    long secondSent = System.nanoTime();
    CompletableFuture<PollReply> second = bob.pollAsync(c, null);

    PollReply superseded = first.awaitWithin(WAIT);
    assertTrue(superseded.isEmpty(), superseded::toString);
    assertEquals("ok", superseded.status());
    assertEquals(c, superseded.cursor(), "the same cursor");
    long latency = (superseded.answeredNanos() - secondSent) / 1_000_000;
    assertTrue(latency < 300, "answered at once, took " + latency + " ms");

    assertOk(alice.send("bob", "to the newer poll"));
    PollReply newer = RestClient.await(second);
    assertEquals(200, newer.httpStatus(), newer::toString);
    assertEquals(List.of("to the newer poll"), newer.bodies());
  }

  @Test
  void aPollWithAnOlderCursorGetsALostReplyAgain() {
    long c1 = deliver("m1").cursor();
    assertOk(alice.send("bob", "m2"));
    assertOk(alice.send("bob", "m3"));
    PollReply lost = bob.pollWithCursor(c1);
    assertEquals(List.of("m2", "m3"), lost.bodies());

    PollReply again = bob.pollWithCursor(c1);
    assertEquals(List.of("m2", "m3"), again.bodies(), "replayed after a lost reply");
    assertEquals(lost.cursor(), again.cursor());
    assertFalse(again.json().containsKey("overflow"), "overflow only on overflow: " + again);

    assertOk(alice.send("bob", "m4"));
    assertEquals(List.of("m4"), bob.pollWithCursor(again.cursor()).bodies());
  }

  @Test
  void replyCursorIsThatOfItsLastPacketAndMovesForward() {
    long c1 = deliver("m1").cursor();
    PollReply r2 = deliver("m2");
    assertTrue(r2.cursor() > c1, "cursor grows: " + c1 + " then " + r2.cursor());
    PollReply empty = bob.poll();
    assertTrue(empty.isEmpty());
    assertEquals(r2.cursor(), empty.cursor(), "an empty reply carries the current cursor");
  }

  @Test
  void aPollWithoutCursorAcknowledgesThePreviousReply() {
    assertOk(alice.send("bob", "m1"));
    assertEquals(List.of("m1"), bob.pollWithoutCursor().bodies());
    assertOk(alice.send("bob", "m2"));
    assertEquals(List.of("m2"), bob.pollWithoutCursor().bodies(), "m1 is not sent again");
    assertTrue(bob.pollWithoutCursor().isEmpty());
  }

  @Test
  void aCursorAheadOfTheSequenceMeansNothingIsMissing() {
    long c = deliver("seen").cursor();
    assertOk(alice.send("bob", "old-1"));
    assertOk(alice.send("bob", "old-2"));

    CompletableFuture<PollReply> ahead = bob.pollAsync(c + 1000, null);
    PollReply r = RestClient.await(ahead);
    assertEquals(200, r.httpStatus(), r::toString);
    assertEquals("ok", r.status());
    assertFalse(r.overflow(), r::toString);
    assertFalse(r.bodies().contains("old-1") || r.bodies().contains("old-2"),
        "nothing before an ahead cursor is replayed: " + r);

    assertOk(alice.send("bob", "new"));
    Inbox later = bob.awaitMessage("new", WAIT);
    assertFalse(later.hasBody("old-1") || later.hasBody("old-2"), later::toString);
  }

  @Test
  void moreThanTheBufferAfterTheCursorIsOverflow() {
    long c = deliver("m0").cursor();
    for (int i = 1; i <= 60; i++) {
      assertOk(alice.send("bob", "m" + i));
    }
    PollReply r = bob.pollWithCursor(c);
    assertTrue(r.overflow(), "60 packets after the cursor, buffer of 50: " + r);
    assertEquals(true, r.json().getValue("overflow"));
  }

  @Test
  void exactlyTheBufferAfterTheCursorIsNoOverflow() {
    long c = deliver("m0").cursor();
    for (int i = 1; i <= 50; i++) {
      assertOk(alice.send("bob", "m" + i));
    }
    PollReply r = bob.pollWithCursor(c);
    assertFalse(r.json().containsKey("overflow"), "all 50 still held: " + r.json().getValue("overflow"));
    assertEquals(50, r.messages().size());
    assertEquals("m1", r.bodies().get(0));
    assertEquals("m50", r.bodies().get(49));
  }
}
