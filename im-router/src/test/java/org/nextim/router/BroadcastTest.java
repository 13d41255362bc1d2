package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.TestRouter;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nextim.router.testing.RouterAssertions.assertFields;
import static org.nextim.router.testing.RouterAssertions.assertMessageShape;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** Broadcast: every online user of the domain but the sender, echo to the sender's other pages. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class BroadcastTest {

  private static final long WAIT = 3000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
  }

  @Test
  void broadcastReachesEveryOnlineUserOfTheDomainButTheSendingPage() {
    Page alice1 = router.login("alice");
    Page alice2 = router.login("alice");
    Page bob = router.login("bob");
    Page carol1 = router.login("carol");
    Page carol2 = router.login("carol");
    Page dave = router.otherRest().login("dave");
    Page otherBob = router.otherRest().login("bob");

    assertOk(alice1.broadcast("all hands"));

    for (Page p : List.of(alice2, bob, carol1, carol2)) {
      JsonObject m = p.awaitMessage("all hands", WAIT).message("all hands");
      assertMessageShape(m, false);
      assertFields(Map.of("from", "alice", "type", "broadcast", "to", ""), m);
    }
    Page.assertAllQuiet(alice1, alice2, bob, carol1, carol2, dave, otherBob);
  }

  @Test
  void broadcastReachesInvisibleUsersAndNotUsersWhoLeft() {
    Page alice = router.login("alice");
    Page ghost = router.login("ghost", "show", "invisible");
    Page gone = router.login("gone");
    assertOk(gone.offline("all", "1"));

    assertOk(alice.broadcast("hello"));
    assertEquals(List.of("hello"), ghost.awaitMessage("hello", WAIT).bodies());
    Page back = router.login("gone");
    back.assertQuiet();
  }
}
