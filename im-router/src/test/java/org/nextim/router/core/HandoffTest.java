package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A user this node handed to another one (a planned stop) while its pages are still registered here,
 * waiting for the new home to acknowledge: calls that would change the user's state are refused as
 * retryable, not applied here where the new home would never learn of them. (Seen in the rolling
 * restart chaos scenario: a show change answered 200 by the old home reached the buddies' pages, while
 * the new home and every node's copy kept the show before it.) A message is still sent from here, and
 * its outcome follows the handoff, so that a retry at the new home is not sent a second time.
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

  @Test
  void aMessageRunHereAfterTheHandoffIsToldToTheNewHomeWhereItsRetryGetsTheFirstOutcome() throws Exception {
    RouterNode old = RouterNode.standalone(vertx, 30_000, 10_000, 100);
    old.start();
    Page alice = loginAt(old, "alice", "bob");
    loginAt(old, "bob", "alice");
    List<Object> sent = new ArrayList<>(); // what goes to the new home, in order
    old.hub().relay(new Handoff.Relay() {
      @Override
      public void handOff(String node, Handoff handoff) {
        sent.add(handoff);
      }

      @Override
      public int relay(String node, String domain, String name, Packet packet, String exceptTicket) {
        sent.add(packet);
        return 1;
      }

      @Override
      public void outcome(String node, String domain, String name, Handoff.Outcome outcome) {
        sent.add(outcome);
      }
    });

    Handoff h = old.handOff(alice.user(), "new-home", 2);
    // A call that reached this node before it learnt where the page went runs here.
    Future<Integer> first = old.message(alice, "unicast", "bob", "hi", null, null, 1L, "m1", Broker.Count.NOW);
    assertEquals(1, first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS), "bob's page here took it");
    assertSame(h, sent.get(0), "the handoff goes first");
    List<Handoff.Outcome> outcomes = sent.stream().filter(Handoff.Outcome.class::isInstance)
        .map(Handoff.Outcome.class::cast).toList();
    assertEquals(List.of(Handoff.Outcome.PENDING, 1), outcomes.stream().map(Handoff.Outcome::count).toList());

    RouterNode newHome = RouterNode.standalone(vertx, 30_000, 10_000, 100);
    newHome.start();
    newHome.adopt(h);
    outcomes.forEach(o -> newHome.learn("d.com", "alice", o));
    Page there = newHome.page("d.com", alice.ticket());
    assertNotNull(there, "the page went on there with its ticket");
    // Its retry (the answer from the old home was lost): bob is not on the new home, so a copy would count 0.
    Future<Integer> retry = newHome.message(there, "unicast", "bob", "hi", null, null, 1L, "m1", Broker.Count.NOW);
    assertEquals(1, retry.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS), "the first outcome");
    assertEquals(0, newHome.message(there, "unicast", "bob", "hi", null, null, 1L, "m2", Broker.Count.NOW)
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS), "a new message is sent (to nobody here)");
  }

  private static Page loginAt(RouterNode node, String name, String buddy) throws Exception {
    RouterNode.LoginOutcome outcome = node.login("d.com", name, name, List.of(buddy), List.of(), "available", "")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return node.page("d.com", assertInstanceOf(RouterNode.Login.class, outcome).ticket());
  }
}
