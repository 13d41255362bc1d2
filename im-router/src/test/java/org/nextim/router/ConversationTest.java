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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertFields;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * Two users talking through real held polls; typing statuses and show changes. The poll timeout is
 * long here so that a reply within a fraction of it can only be the router waking the held poll.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ConversationTest {

  private static final long PROMPT_MS = 700;
  private static final long WAIT = 3000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx, TestRouter.defaults().setPollTimeoutMs(1500).setIdleTimeoutMs(3000));
  }

  @Test
  void aliceAndBobTalkThroughHeldPolls() {
    Page alice = router.login("alice", "buddies", "bob");
    Page bob = router.login("bob", "buddies", "alice");
    assertEquals(new JsonObject().put("alice", "available"), bob.login().getJsonObject("buddies"));

    JsonObject online = alice.awaitPresence("bob", "online", WAIT).presence("bob", "online");
    assertEquals(new JsonObject().put("from", "bob").put("nick", "Bob").put("type", "online")
        .put("show", "available").put("status", ""), online);

    for (int round = 1; round <= 3; round++) {
      HeldPoll bobPoll = bob.hold();
      assertOk(alice.send("bob", "ping " + round));
      PollReply toBob = bobPoll.awaitWithin(PROMPT_MS);
      assertEquals(List.of("ping " + round), toBob.bodies(), "round " + round);
      assertFields(Map.of("from", "alice", "to", "bob", "nick", "Alice", "type", "unicast"), toBob.messages().get(0));

      HeldPoll alicePoll = alice.hold();
      assertOk(bob.send("alice", "pong " + round));
      PollReply toAlice = alicePoll.awaitWithin(PROMPT_MS);
      assertEquals(List.of("pong " + round), toAlice.bodies(), "round " + round);
      assertFields(Map.of("from", "bob", "to", "alice", "nick", "Bob"), toAlice.messages().get(0));
    }
  }

  @Test
  void typingStatusReachesEveryPageOfToAndIsNotEchoed() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page bob1 = router.login("bob");
    Page bob2 = router.login("bob");

    HeldPoll b1 = bob1.hold();
    HeldPoll b2 = bob2.hold();
    assertOk(alice1.typing("bob", "typing"));

    JsonObject want = new JsonObject().put("from", "alice").put("nick", "Alice").put("to", "bob").put("show", "typing");
    for (HeldPoll p : List.of(b1, b2)) {
      PollReply r = p.awaitWithin(PROMPT_MS);
      assertEquals(List.of(want), r.statuses());
      assertTrue(r.messages().isEmpty() && r.presences().isEmpty(), r::toString);
    }

    assertOk(alice1.typing("bob", "clear"));
    assertTrue(bob1.awaitPackets(in -> in.hasStatus("alice", "clear"), WAIT).hasStatus("alice", "clear"));
    assertTrue(bob2.awaitPackets(in -> in.hasStatus("alice", "clear"), WAIT).hasStatus("alice", "clear"));

    Page.assertAllQuiet(alice1, alice2);
  }

  @Test
  void aReceiptIsAStatusCarriedWithTheIdOfItsMessage() {
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    HeldPoll toAlice = alice.hold();
    assertOk(bob.typing("alice", "read", "id", "m-42"));
    JsonObject want = new JsonObject().put("from", "bob").put("nick", "Bob").put("to", "alice").put("show", "read")
        .put("id", "m-42");
    assertEquals(List.of(want), toAlice.awaitWithin(PROMPT_MS).statuses());
    assertEquals(400, bob.typing("alice", "read", "id", "x".repeat(129)).status());
    bob.assertQuiet();
  }

  @Test
  void typingToAnOfflineUserIsOkAndGoesNowhere() {
    Page alice = router.login("alice");
    assertOk(alice.typing("nobody", "typing"));
    Page nobody = router.login("nobody");
    nobody.assertQuiet();
  }

  @Test
  void showChangeGoesToBuddiesAndToAllOwnPages() {
    Page bob = router.login("bob", "buddies", "alice");
    Page carol = router.login("carol");
    Page alice1 = router.login("alice", "buddies", "bob");
    Page alice2 = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    HeldPoll bobPoll = bob.hold();
    assertOk(alice1.show("away", "status", "brb"));

    JsonObject want = new JsonObject().put("from", "alice").put("nick", "Alice").put("type", "show")
        .put("show", "away").put("status", "brb");
    assertEquals(List.of(want), bobPoll.awaitWithin(PROMPT_MS).presences());
    for (Page own : List.of(alice1, alice2)) {
      Inbox in = own.awaitPresence("alice", "show", WAIT);
      assertEquals(want, in.presence("alice", "show"), own.toString());
    }
    Page.assertAllQuiet(carol, bob);
  }

  @Test
  void aLoginThatChangesShowAnnouncesIt() {
    Page bob = router.login("bob", "buddies", "alice");
    Page alice1 = router.login("alice", "buddies", "bob");
    bob.awaitPresence("alice", "online", WAIT);

    router.login("alice", "buddies", "bob", "show", "dnd");

    assertEquals("dnd", bob.awaitPresence("alice", "show", WAIT).presence("alice", "show").getString("show"));
    assertEquals("dnd", alice1.awaitPresence("alice", "show", WAIT).presence("alice", "show").getString("show"));
  }
}
