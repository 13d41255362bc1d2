package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's recent message outcomes: what a retried call with the same id gets, and for how long. */
class RecentMessagesTest {

  private final RecentMessages recent = new RecentMessages();

  @Test
  void aRetryWithinTheWindowGetsTheFirstOutcome() {
    assertNull(recent.firstOrKeep("m1", Future.succeededFuture(2), 0));
    Future<Integer> retry = recent.firstOrKeep("m1", Future.succeededFuture(5), RecentMessages.KEEP_NS);
    assertEquals(2, retry.result());
    assertNull(recent.outcome("m2", 0));
  }

  @Test
  void aRetryWhileTheFirstCallIsInFlightWaitsForIt() {
    Promise<Integer> first = Promise.promise();
    assertNull(recent.firstOrKeep("m1", first.future(), 0));
    assertSame(first.future(), recent.outcome("m1", 1));
    first.complete(3);
    assertEquals(3, recent.outcome("m1", 2).result());
  }

  @Test
  void aFailedCallKeepsItsFailure() {
    Future<Integer> failed = Future.failedFuture(RouterError.unavailable("home is slow"));
    assertNull(recent.firstOrKeep("m1", failed, 0));
    assertSame(failed, recent.outcome("m1", 1));
  }

  @Test
  void outcomesOlderThanTheWindowAreForgotten() {
    recent.firstOrKeep("m1", Future.succeededFuture(1), 0);
    recent.firstOrKeep("m2", Future.succeededFuture(7), TimeUnit.SECONDS.toNanos(5));
    Promise<Integer> inFlight = Promise.promise();
    recent.firstOrKeep("m3", inFlight.future(), 0);
    long later = RecentMessages.KEEP_NS + TimeUnit.SECONDS.toNanos(1);
    assertNull(recent.outcome("m1", later));
    assertNull(recent.outcome("m3", later));
    assertEquals(7, recent.outcome("m2", later).result());
    inFlight.complete(1); // settles after it was forgotten: stays forgotten
    assertNull(recent.outcome("m3", later));
  }

  @Test
  void atMost64AreKeptEachByItsOwnId() {
    for (int i = 0; i <= RecentMessages.MAX; i++) {
      recent.firstOrKeep("m" + i, Future.succeededFuture(i), i);
    }
    assertNull(recent.outcome("m0", RecentMessages.MAX));
    for (int i = 1; i <= RecentMessages.MAX; i++) {
      assertEquals(i, recent.outcome("m" + i, RecentMessages.MAX).result(), "m" + i);
    }
  }

  @Test
  void aUserSendingAtItsDefaultLimitFindsEveryOutcomeOfTheWindow() {
    // 20 a second (the default ROUTER_LIMIT_USER_MESSAGES) for the whole window, after its burst of 120.
    long step = TimeUnit.MILLISECONDS.toNanos(50);
    int n = 120 + (int) (RecentMessages.KEEP_NS / step) - 1;
    for (int i = 0; i < n; i++) {
      recent.firstOrKeep("m" + i, Future.succeededFuture(1), Math.max(0, i - 120) * step);
    }
    long now = (n - 120) * step;
    for (int i = 0; i < n; i++) {
      assertTrue(recent.outcome("m" + i, now) != null, "m" + i + " of " + n + " is still known");
    }
  }

  @Test
  void manyIdsOfOneUserNeverTakeEachOthersOutcome() {
    for (int i = 0; i < 200_000; i++) {
      String id = Integer.toString(i, 36);
      assertTrue(recent.outcome(id, i) == null, id);
      recent.firstOrKeep(id, Future.succeededFuture(1), i);
    }
  }

  @Test
  void aRefusedMessageIsForgotten() {
    Promise<Integer> call = Promise.promise();
    recent.firstOrKeep("m1", call.future(), 0);
    recent.forget("m1");
    assertNull(recent.outcome("m1", 0));
    call.complete(1);
    assertNull(recent.outcome("m1", 0));
  }

  // ---- a planned stop: the outcomes go with the user to its new home ----

  @Test
  void theNewHomeAnswersARetryOfAMessageTheOldHomeRanWithItsFirstOutcome() {
    recent.firstOrKeep("m1", Future.succeededFuture(2), 0);
    Promise<Integer> inFlight = Promise.promise();
    recent.firstOrKeep("m2", inFlight.future(), 0);
    List<Handoff.Outcome> told = new ArrayList<>();
    List<Handoff.Outcome> handoff = recent.handOver(told::add, TimeUnit.SECONDS.toNanos(1));

    RecentMessages newHome = new RecentMessages();
    long there = TimeUnit.SECONDS.toNanos(500); // another process's clock
    newHome.adopt(handoff, there);
    assertEquals(2, newHome.outcome("m1", there).result());
    Future<Integer> retry = newHome.firstOrKeep("m2", Future.succeededFuture(9), there);
    assertFalse(retry.isComplete(), "the retry waits for the first call's outcome");
    assertNull(newHome.outcome("m3", there));

    recent.handOffSent();
    inFlight.complete(4);
    assertEquals(List.of(new Handoff.Outcome(RecentMessages.hash("m2"), 4, 0)), told);
    told.forEach(o -> newHome.learn(o, there + 1));
    assertEquals(4, retry.result());
    assertEquals(4, newHome.outcome("m2", there + 2).result());
  }

  @Test
  void whatTheOldHomeLearnsBeforeTheHandoffWentOutWaitsForIt() {
    List<Handoff.Outcome> told = new ArrayList<>();
    assertEquals(List.of(), recent.handOver(told::add, 0));
    Promise<Integer> stillRunHere = Promise.promise();
    recent.firstOrKeep("m1", stillRunHere.future(), 1);
    stillRunHere.complete(1);
    assertEquals(List.of(), told, "nothing before the handoff frame");
    recent.handOffSent();
    long h = RecentMessages.hash("m1");
    assertEquals(List.of(new Handoff.Outcome(h, Handoff.Outcome.PENDING, 0), new Handoff.Outcome(h, 1, 0)), told,
        "in the order it happened");
  }

  @Test
  void aMessageTheOldHomeRefusedIsANewMessageAtTheNewOne() {
    RecentMessages newHome = new RecentMessages();
    long h = RecentMessages.hash("m1");
    newHome.learn(new Handoff.Outcome(h, Handoff.Outcome.PENDING, 0), 0);
    Future<Integer> waiting = newHome.outcome("m1", 1);
    newHome.learn(new Handoff.Outcome(h, Handoff.Outcome.FORGOTTEN, 0), 2);
    assertTrue(waiting.failed(), "a retry that waited is told to send it again");
    assertNull(newHome.outcome("m1", 3));
  }

  @Test
  void outcomesOlderThanTheWindowAreNotTakenOver() {
    RecentMessages newHome = new RecentMessages();
    newHome.adopt(List.of(new Handoff.Outcome(RecentMessages.hash("m1"), 1,
        TimeUnit.NANOSECONDS.toMillis(RecentMessages.KEEP_NS) + 1)), TimeUnit.MINUTES.toNanos(5));
    assertNull(newHome.outcome("m1", TimeUnit.MINUTES.toNanos(5)));
  }
}
