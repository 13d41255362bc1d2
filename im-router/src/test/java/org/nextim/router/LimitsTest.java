package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.limits.RateLimit;
import org.nextim.router.testing.Inbox;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/**
 * The rate limits (docs/router.md "Limits"): over a limit a call answers 429 {@code rate_limited} with
 * {@code Retry-After} and has no effect. Each test sets tiny limits (slow refill) so it counts exactly.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class LimitsTest {

  /** A limit that does not refill during a test: {@code burst} calls, then 429. */
  private static RateLimit only(int burst) {
    return new RateLimit(0.01, burst);
  }

  private static RouterConfig config() {
    return TestRouter.defaults().setRateLimits(true);
  }

  /** 429 rate_limited, Retry-After in whole seconds (at least 1), the same in the body. */
  static void assertRateLimited(Reply r) {
    JsonObject error = assertJsonError(429, "rate_limited", r);
    String after = r.header("Retry-After").orElseThrow(() -> new AssertionError("no Retry-After: " + r));
    assertTrue(Long.parseLong(after) >= 1, "Retry-After in seconds: " + r);
    assertEquals(Long.parseLong(after), error.getLong("retry_after"), r::toString);
    assertEquals(true, error.getBoolean("retryable"), r::toString);
  }

  private static Reply send(Page from, String to, String body) {
    return from.rest().post("/messages", "ticket", from.ticket(), "to", to, "body", body);
  }

  @Test
  void messagesPerPage(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setPageMessages(only(5)));
    Page bob = router.login("bob");
    Page alice = router.login("alice");
    Page alice2 = router.login("alice");
    for (int i = 0; i < 5; i++) {
      assertOk(send(alice, "bob", "m" + i));
    }
    assertRateLimited(send(alice, "bob", "too many"));
    // The same user's other page has a bucket of its own.
    assertOk(send(alice2, "bob", "from the other page"));
    Inbox inbox = bob.awaitMessage("from the other page", 5000);
    assertEquals(6, inbox.messages.size(), "the refused message was not delivered: " + inbox.messages);
  }

  @Test
  void messagesPerUserOverAllItsPages(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setPageMessages(RateLimit.OFF).setUserMessages(only(4)));
    router.login("bob");
    Page a1 = router.login("alice");
    Page a2 = router.login("alice");
    assertOk(send(a1, "bob", "1"));
    assertOk(send(a2, "bob", "2"));
    assertOk(send(a1, "bob", "3"));
    assertOk(send(a2, "bob", "4"));
    assertRateLimited(send(a1, "bob", "5"));
    assertRateLimited(send(a2, "bob", "5"));
    Page carol = router.login("carol");
    assertOk(send(carol, "bob", "carol has her own"));
  }

  @Test
  void typingPerPageAndPerUser(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setPageTyping(only(2)).setUserTyping(only(3)));
    router.login("bob");
    Page a1 = router.login("alice");
    Page a2 = router.login("alice");
    RestClient rest = router.rest();
    assertOk(rest.post("/statuses", "ticket", a1.ticket(), "to", "bob", "show", "typing"));
    assertOk(rest.post("/statuses", "ticket", a1.ticket(), "to", "bob", "show", "clear"));
    assertRateLimited(rest.post("/statuses", "ticket", a1.ticket(), "to", "bob", "show", "typing"));
    assertOk(rest.post("/statuses", "ticket", a2.ticket(), "to", "bob", "show", "typing"));
    assertRateLimited(rest.post("/statuses", "ticket", a2.ticket(), "to", "bob", "show", "typing"));
    // Messages are counted apart from typing.
    assertOk(send(a1, "bob", "still talking"));
  }

  @Test
  void loginsPerUser(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setUserLogins(only(3)));
    RestClient rest = router.rest();
    for (int i = 0; i < 3; i++) {
      router.login("alice");
    }
    assertRateLimited(rest.post("/presences/online", "name", "alice", "nick", "Alice"));
    router.login("bob");
    // Another tenant's alice is another user.
    router.otherRest().login("alice");
  }

  @Test
  void loginsPerClientAddress(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setAddressLogins(only(4)));
    RestClient rest = router.rest();
    for (int i = 0; i < 4; i++) {
      router.login("user" + i);
    }
    assertRateLimited(rest.post("/presences/online", "name", "user9", "nick", "User 9"));
    // Other calls from the address go on.
    assertEquals("user1", rest.get("/onlines", "names", "user1").body());
  }

  @Test
  void onlineUsersPerDomain(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setDomainMaxOnline(2));
    RestClient rest = router.rest();
    Page alice = router.login("alice");
    router.login("bob");
    assertRateLimited(rest.post("/presences/online", "name", "carol", "nick", "Carol"));
    router.login("alice"); // a user already online may open another page
    router.otherRest().login("carol"); // other tenants have their own room
    router.otherRest().login("dave");
    assertOk(rest.post("/presences/offline", "ticket", alice.ticket(), "all", "1"));
    router.login("carol");
  }

  @Test
  void messagesPerDomain(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config().setDomainMessages(only(3)));
    Page alice = router.login("alice");
    Page bob = router.login("bob");
    assertOk(send(alice, "bob", "1"));
    assertOk(send(bob, "alice", "2"));
    assertOk(send(alice, "bob", "3"));
    assertRateLimited(send(bob, "alice", "4"));
    Page other = router.otherRest().login("alice");
    assertOk(send(other, "bob", "another tenant"));
  }

  @Test
  void theDefaultsLetARealChatThrough(Vertx vertx) {
    TestRouter router = TestRouter.start(vertx, config());
    Page bob = router.login("bob");
    Page alice = router.login("alice");
    // Pasting a long text line by line, and typing notices on every key for a while.
    for (int i = 0; i < 40; i++) {
      assertOk(send(alice, "bob", "line " + i));
    }
    assertEquals(40, bob.awaitMessage("line 39", 5000).messages.size());
    for (int i = 0; i < 80; i++) {
      assertOk(router.rest().post("/statuses", "ticket", alice.ticket(), "to", "bob", "show", "typing"));
    }
    // A user who opens a dozen tabs at once.
    for (int i = 0; i < 12; i++) {
      router.login("alice");
    }
  }

  @Test
  void limitsAreConfiguredFromTheEnvironment() {
    RouterConfig c = RouterConfig.fromEnv(Map.of("ROUTER_LIMIT_PAGE_MESSAGES", "3:9",
        "ROUTER_LIMIT_DOMAIN_ONLINE", "500", "ROUTER_REQUEST_TIMEOUT_MS", "2500", "ROUTER_RATE_LIMITS", "false"));
    assertEquals(new RateLimit(3, 9), c.pageMessages());
    assertEquals(500, c.domainMaxOnline());
    assertEquals(2500, c.requestTimeoutMs());
    assertEquals(false, c.rateLimits());
    RouterConfig d = new RouterConfig();
    assertEquals(RouterConfig.DEFAULT_LIMIT_PAGE_MESSAGES, d.pageMessages());
    assertEquals(RateLimit.OFF, d.domainMessages());
    assertEquals(d.toJson(), new RouterConfig(d.toJson()).toJson(), "the JSON keys read back");
  }
}
