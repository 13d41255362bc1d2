package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** Several pages of one user: clientnum, who gets what, and the echo rule (protocol.md 2.3). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class PagesTest {

  private static final long WAIT = 3000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
  }

  @Test
  void clientnumCountsTheUsersLivePages() {
    assertEquals(1, router.login("alice").login().getInteger("clientnum"));
    Page second = router.login("alice");
    assertEquals(2, second.login().getInteger("clientnum"));
    assertEquals(3, router.login("alice").login().getInteger("clientnum"));
    assertOk(second.offline());
    assertEquals(3, router.login("alice").login().getInteger("clientnum"), "one ended, one added");
    assertEquals(1, router.login("bob").login().getInteger("clientnum"), "pages are per user");
  }

  @Test
  void messageReachesAllRecipientPagesAndTheSendersOtherPagesOnce() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page alice3 = router.login("alice");
    Page bob1 = router.login("bob");
    Page bob2 = router.login("bob");

    assertOk(alice1.send("bob", "hello", "id", "e-1"));

    for (Page p : List.of(bob1, bob2, alice2, alice3)) {
      Inbox in = p.awaitMessage("hello", WAIT);
      assertEquals(List.of("hello"), in.bodies(), p.toString());
      assertEquals("bob", in.message("hello").getString("to"));
      assertEquals("alice", in.message("hello").getString("from"));
    }
    // no duplicates anywhere, and never to the sending page
    Page.assertAllQuiet(alice1, alice2, alice3, bob1, bob2);
  }

  @Test
  void echoFollowsTheSendingPageWhicheverItIs() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page bob = router.login("bob");

    assertOk(alice2.send("bob", "from two"));
    assertOk(alice1.send("bob", "from one"));

    assertEquals(List.of("from one"), alice2.awaitMessage("from one", WAIT).bodies());
    assertEquals(List.of("from two"), alice1.awaitMessage("from two", WAIT).bodies());
    Inbox toBob = bob.awaitPackets(in -> in.messages.size() >= 2, WAIT);
    assertEquals(List.of("from two", "from one"), toBob.bodies(), "queue order kept");
    Page.assertAllQuiet(alice1, alice2, bob);
  }

  @Test
  void unicastToOneselfReachesAllOwnPagesOnce() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");

    assertOk(alice1.send("alice", "note to self"));

    assertEquals(List.of("note to self"), alice1.awaitMessage("note to self", WAIT).bodies());
    assertEquals(List.of("note to self"), alice2.awaitMessage("note to self", WAIT).bodies());
    Page.assertAllQuiet(alice1, alice2);
  }

  @Test
  void aSecondPageAnnouncesNothingAndTheLatestLoginReplacesBuddies() {
    Page bob = router.login("bob", "buddies", "alice");
    Page carol = router.login("carol", "buddies", "alice");
    Page alice1 = router.login("alice", "buddies", "bob");
    Inbox first = bob.awaitPresence("alice", "online", WAIT);
    assertEquals(1, first.presences("alice", "online").size());

    Page alice2 = router.login("alice", "buddies", "carol");
    Page.assertAllQuiet(bob, carol);

    assertOk(alice2.show("away"));
    assertEquals("away", carol.awaitPresence("alice", "show", WAIT).presence("alice", "show").getString("show"));
    bob.assertQuiet();
    assertTrue(alice1.awaitPresence("alice", "show", WAIT).hasPresence("alice", "show"));
  }

  @Test
  void packetsKeepTheOrderTheyWereQueuedIn() {
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    for (int i = 0; i < 20; i++) {
      assertOk(alice.send("bob", "n" + i));
    }
    Inbox in = bob.awaitPackets(i -> i.messages.size() >= 20, WAIT);
    for (int i = 0; i < 20; i++) {
      assertEquals("n" + i, in.bodies().get(i));
    }
    assertEquals(20, in.messages.size());
  }
}
