package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose event loop runs late refuses the calls that add load (messages, typing, logins) 503
 * {@code unavailable}, retryable, with {@code Retry-After}, and still answers polls; once it has caught
 * up it takes them again. The lag is made for real: the router runs on a one-thread event loop pool,
 * and a task on that thread holds it.
 */
@Timeout(60)
class OverloadTest {

  private Vertx vertx;
  private RestClient rest;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    RouterVerticle router = new RouterVerticle(TestRouter.defaults().setEventLoops(1).setShedLagMs(100).setShedWarmUpMs(0)
        .setPollTimeoutMs(300).setIdleTimeoutMs(10_000).setRateLimits(false));
    vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    rest = new RestClient("http://127.0.0.1:" + router.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aLateEventLoopRefusesNewWorkButAnswersPolls() throws Exception {
    Page alice = rest.login("alice", "buddies", "bob");
    Page bob = rest.login("bob", "buddies", "alice");
    assertEquals(200, alice.send("bob", "before").status());
    bob.awaitMessage("before", 5_000);

    stall(400);
    Reply refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      Reply r = alice.send("bob", "during " + i);
      if (r.status() == 503) {
        refused = r;
      }
    }
    assertTrue(refused != null, "a message sent while the node catches up is refused");
    assertEquals("unavailable", refused.json().getString("error"), refused::toString);
    assertEquals(true, refused.json().getBoolean("retryable"), refused::toString);
    assertEquals("1", refused.header("Retry-After").orElse(null), refused::toString);
    assertEquals(503, alice.typing("bob", "typing").status(), "typing notices too");
    assertEquals(503, rest.post("/presences/online", "name", "carol", "nick", "Carol").status(), "logins too");

    PollReply poll = bob.poll(); // polls are never refused
    assertEquals(200, poll.httpStatus(), poll::toString);
    assertEquals("ok", poll.status(), poll::toString);
    assertEquals(200, rest.get("/onlines", "names", "alice").status(), "nor are reads");

    // Caught up (no more lag for the hold time): messages go through again, and are delivered.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Reply after;
    do {
      after = alice.send("bob", "after");
    } while (after.status() == 503 && System.nanoTime() < deadline);
    assertEquals(200, after.status(), after::toString);
    bob.awaitMessage("after", 5_000);
  }

  @Test
  void offWhenTheLimitIsZero() throws Exception {
    restart(TestRouter.defaults().setShedLagMs(0));
    Page alice = rest.login("alice", "buddies", "bob");
    rest.login("bob", "buddies", "alice");
    stall(400);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, alice.send("bob", "m" + i).status());
    }
  }

  /** A node that has just started runs late from loading its code, with nothing queued: it refuses nothing. */
  @Test
  void nothingIsRefusedWhileTheNodeWarmsUp() throws Exception {
    restart(TestRouter.defaults().setShedLagMs(100).setShedWarmUpMs(60_000));
    Page alice = rest.login("alice", "buddies", "bob");
    rest.login("bob", "buddies", "alice");
    stall(400);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, alice.send("bob", "m" + i).status());
    }
  }

  private void restart(org.nextim.router.RouterConfig config) throws Exception {
    vertx.close().await();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    RouterVerticle router = new RouterVerticle(config.setEventLoops(1).setRateLimits(false));
    vertx.deployVerticle(router).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    rest = new RestClient("http://127.0.0.1:" + router.actualPort(), TestRouter.DOMAIN, TestRouter.APIKEY);
  }

  /** Holds the router's (only) event loop for {@code ms}, as an overloaded node would; returns after. */
  private void stall(long ms) throws Exception {
    CompletableFuture<Void> held = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.complete(null);
    });
    held.get(10, TimeUnit.SECONDS);
  }
}
