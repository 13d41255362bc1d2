package org.nextim.router.core;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A user this node handed to another one (a planned stop) while its pages are still registered here,
 * waiting for the new home to acknowledge: calls that would change the user's state are refused as
 * retryable, not applied here where the new home would never learn of them. (Seen in the rolling
 * restart chaos scenario: a show change answered 200 by the old home reached the buddies' pages, while
 * the new home and every node's copy kept the show before it.)
 */
class HandoffTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMovingUserChangesNothingHere() throws Exception {
    RouterNode node = RouterNode.standalone(vertx, 30_000, 10_000, 100);
    node.start();
    RouterNode.LoginOutcome outcome = node.login("d.com", "alice", "Alice", List.of("bob"), List.of("r1"),
        "available", "").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    RouterNode.Login login = assertInstanceOf(RouterNode.Login.class, outcome);
    Page page = node.page("d.com", login.ticket());
    User alice = page.user();

    Handoff h = node.handOff(alice, "another-node", 2);
    assertNotNull(h);
    assertEquals("available", h.show(), "the new home gets the show as it was");

    for (Runnable call : List.<Runnable>of(
        () -> node.show(page, "away", null, null),
        () -> node.join(page, "r2", null),
        () -> node.leave(page, "r1", null),
        () -> node.logout(page, true))) {
      RouterError e = assertThrows(RouterError.class, call::run);
      assertEquals(503, e.status(), e.getMessage());
    }
    assertEquals("available", alice.show, "nothing changed here");
  }
}
