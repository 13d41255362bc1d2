package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** {@code ack=1} on /messages counts the recipient pages the message was queued to (2.6). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class AckTest {

  private static final long WAIT = 3000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
  }

  private static void assertDelivered(int pages, Reply r) {
    assertEquals(new JsonObject().put("status", "ok").put("delivered", pages), assertJson(200, r));
  }

  @Test
  void twoPagesOfTheRecipientCountTwoAndBothGetIt() {
    Page alice = router.login("alice");
    Page bob1 = router.login("bob");
    Page bob2 = router.login("bob");

    assertDelivered(2, alice.send("bob", "twice", "ack", "1", "id", "a-1"));

    for (Page p : List.of(bob1, bob2)) {
      JsonObject m = p.awaitMessage("twice", WAIT).message("twice");
      assertEquals("a-1", m.getString("id"), "id copied into the packet");
    }
  }

  /** The gateway never heard the answer and calls again with the same id: the first count, no second copy. */
  @Test
  void aRetriedCallGetsTheFirstCountAndSendsNothingAgain() {
    Page alice = router.login("alice");
    Page bob1 = router.login("bob");

    assertDelivered(1, alice.send("bob", "only once", "ack", "1", "id", "r-1"));
    bob1.awaitMessage("only once", WAIT);
    Page bob2 = router.login("bob");

    assertDelivered(1, alice.send("bob", "only once", "ack", "1", "id", "r-1"));
    assertDelivered(2, alice.send("bob", "a new one", "ack", "1", "id", "r-2"));
    for (Page p : List.of(bob1, bob2)) {
      List<String> bodies = p.awaitMessage("a new one", WAIT).bodies();
      assertEquals(List.of("a new one"), bodies, "nothing queued again before the next message");
    }
  }

  @Test
  void echoPagesAreNotCounted() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page bob = router.login("bob");

    assertDelivered(1, alice1.send("bob", "counted once", "ack", "1"));
    bob.awaitMessage("counted once", WAIT);
    alice2.awaitMessage("counted once", WAIT);
  }

  @Test
  void anOfflineRecipientCountsZero() {
    Page alice = router.login("alice");
    assertDelivered(0, alice.send("nobody", "into the void", "ack", "1"));
    Page nobody = router.login("nobody");
    nobody.assertQuiet();
  }

  @Test
  void aRecipientInGraceCountsZeroAndItsReturningPageStillGetsTheMessage() {
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    assertOk(bob.offline());

    assertDelivered(0, alice.send("bob", "while switching pages", "ack", "1", "id", "g-1"));

    Page bobAgain = router.login("bob");
    JsonObject m = bobAgain.awaitMessage("while switching pages", WAIT).message("while switching pages");
    assertEquals("g-1", m.getString("id"));
  }

  @Test
  void multicastCountsEveryPageOfEveryOtherOnlineMember() {
    Page alice = router.login("alice", "rooms", "r1");
    router.login("bob", "rooms", "r1");
    router.login("bob", "rooms", "r1");
    router.login("carol", "rooms", "r1");
    router.login("dave", "rooms", "r2");

    assertDelivered(3, alice.multicast("r1", "to the room", "ack", "1"));
  }

  @Test
  void broadcastCountsEveryPageOfTheDomainButTheSender() {
    Page alice = router.login("alice");
    router.login("alice");
    router.login("bob");
    router.login("carol");
    router.login("carol");
    router.otherRest().login("dave");

    assertDelivered(3, alice.broadcast("to everyone", "ack", "1"));
  }

  @Test
  void withoutAckTheReplyIsPlainOk() {
    Page alice = router.login("alice");
    router.login("bob");
    assertOk(alice.send("bob", "no ack"));
    assertOk(alice.send("bob", "ack zero", "ack", "0"));
  }
}
