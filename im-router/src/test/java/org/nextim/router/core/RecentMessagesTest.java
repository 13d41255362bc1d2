package org.nextim.router.core;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A user's recent message outcomes: what a retried call with the same id gets, and for how long. */
class RecentMessagesTest {

  private final User user = new User("test.com", "alice");

  @Test
  void aRetryWithinTheWindowGetsTheFirstOutcome() {
    Future<Integer> first = Future.succeededFuture(2);
    user.rememberMessage("m1", first, 0);
    assertSame(first, user.recentMessage("m1", User.RECENT_MESSAGE_NS));
    assertNull(user.recentMessage("m2", 0));
  }

  @Test
  void outcomesOlderThanTheWindowAreForgotten() {
    user.rememberMessage("m1", Future.succeededFuture(1), 0);
    Future<Integer> second = Future.succeededFuture(1);
    user.rememberMessage("m2", second, TimeUnit.SECONDS.toNanos(5));
    long later = User.RECENT_MESSAGE_NS + TimeUnit.SECONDS.toNanos(1);
    assertNull(user.recentMessage("m1", later));
    assertSame(second, user.recentMessage("m2", later));
  }

  @Test
  void atMost64AreKept() {
    for (int i = 0; i < 65; i++) {
      user.rememberMessage("m" + i, Future.succeededFuture(i), 0);
    }
    assertNull(user.recentMessage("m0", 0));
    assertSame(64, user.recentMessage("m64", 0).result());
  }

  @Test
  void aRefusedMessageIsForgotten() {
    user.rememberMessage("m1", Future.succeededFuture(1), 0);
    user.forgetMessage("m1");
    assertNull(user.recentMessage("m1", 0));
  }
}
