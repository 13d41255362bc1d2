package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.FakeRouter;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A router that answers 503 {@code unavailable} (the node holding the page is slow or paused) or does not
 * answer in time: the gateway asks again with the same ticket and message id within its retry budget,
 * then answers 503 retryable with {@code Retry-After} — never 404, never 502 — and a message it stored
 * is kept once, never lost, never stored twice. Against {@link FakeRouter}, which fails on demand.
 */
class RouterUnavailableTest {

  static final long RETRY_MS = 600;
  static final long TIMEOUT_MS = 400;
  static FakeRouter router;
  static TestSite site;

  @BeforeAll
  static void start() {
    router = FakeRouter.start();
    site = TestSite.start(TestDb.h2(), c -> c.setDemo(true).setRouterUrl(router.url())
        .setRouterTimeoutMs(TIMEOUT_MS).setRouterRetryMs(RETRY_MS));
  }

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
    if (router != null) {
      router.close();
    }
  }

  @BeforeEach
  void healthyRouter() {
    router.reset();
  }

  private static void allSame(List<Map<String, String>> attempts, String ticket) {
    for (Map<String, String> a : attempts) {
      assertEquals(attempts.get(0), a, "every attempt carries exactly the same parameters");
      assertEquals(ticket, a.get("ticket"), "the same ticket");
    }
  }

  /**
   * An overloaded node says when to come back (1 s, longer than this gateway's 600 ms retry budget): the
   * gateway does not ask it again sooner, which would only add to its load, but answers 503 with that
   * Retry-After at once.
   */
  @Test
  void anOverloadedRouterIsNotAskedAgainBeforeItsRetryAfter() {
    Page dan = site.online("dan");
    router.overloaded("/messages", Integer.MAX_VALUE).retryAfter("1");
    long start = System.nanoTime();
    Reply r = dan.post("message", "to", "bob", "body", "while the node catches up");
    long tookMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(503, r.status(), r::toString);
    assertEquals("1", r.header("Retry-After"), r::toString);
    assertEquals(1, router.params("/messages").size(), "asked once, not again within the second");
    assertTrue(tookMs < RETRY_MS, "answered at once: " + tookMs + " ms");
  }

  @Test
  void aBusyRouterIsAskedAgainWithTheSameTicketAndMessageIdUntilItAnswers() {
    Page alice = site.online("alice");
    router.unavailable("/messages", 2);

    alice.ok("message", "to", "bob", "body", "hello through a slow node");

    List<Map<String, String>> attempts = router.params("/messages");
    assertEquals(3, attempts.size(), "two 503s, then the answer");
    allSame(attempts, alice.ticket());
    assertNotNull(attempts.get(0).get("id"));
    assertEquals(1, router.requests("/presences/online").size(), "no new login");
    // Delivered on the third attempt: stored once, and not waiting as an offline message.
    assertEquals(1, alice.get("history", "id", "bob").array().size());
    assertEquals(0, site.online("bob").online().getJsonArray("new_messages").size());
  }

  @Test
  void aRouterThatStaysUnavailableIsA503WithRetryAfterNeverA404OrA502() {
    Page carol = site.online("carol");
    router.unavailable("/presences/show", Integer.MAX_VALUE).retryAfter("7");

    long t0 = System.nanoTime();
    Reply r = carol.post("presence", "show", "away");
    long ms = (System.nanoTime() - t0) / 1_000_000;

    assertEquals(503, r.status(), r.toString());
    JsonObject err = r.json();
    assertEquals("unavailable", err.getString("error"));
    assertEquals(true, err.getBoolean("retryable"));
    assertFalse(err.getString("message").isBlank());
    assertEquals("7", r.header("Retry-After"), "the router's Retry-After is passed on");
    List<Map<String, String>> attempts = router.params("/presences/show");
    assertTrue(attempts.size() >= 2, "retried: " + attempts.size());
    allSame(attempts, carol.ticket());
    assertTrue(ms < RETRY_MS + 2_000, "the retries are bounded by the budget: " + ms + " ms");

    // A login that stays unavailable: the /webim/online error form, with the same status.
    router.unavailable("/presences/online", Integer.MAX_VALUE);
    Reply online = site.post("/webim/online", site.token("dave"), TestSite.params());
    assertEquals(503, online.status(), online.toString());
    assertEquals(false, online.json().getBoolean("success"));
    assertFalse(online.json().getString("error_msg").isBlank());
    assertEquals(true, online.json().getBoolean("retryable"));
    assertEquals("7", online.header("Retry-After"));
    assertTrue(router.requests("/presences/online").size() >= 2, "the login was retried");
  }

  @Test
  void aMessageUnderPersistent503IsKeptOnceAndArrivesWithTheNextOnline() {
    Page erin = site.online("erin");
    router.unavailable("/messages", Integer.MAX_VALUE);

    Reply r = erin.post("message", "to", "frank", "body", "kept while the node is paused");

    assertEquals(503, r.status(), r.toString());
    JsonObject err = r.json();
    assertEquals("unavailable", err.getString("error"));
    assertEquals(true, err.getBoolean("retryable"));
    assertEquals(true, err.getBoolean("kept"), "the message is stored: the client must not send it again");
    String id = err.getString("id");
    assertNotNull(id);
    assertNotNull(r.header("Retry-After"));
    List<Map<String, String>> attempts = router.params("/messages");
    assertTrue(attempts.size() >= 2, "retried: " + attempts.size());
    allSame(attempts, erin.ticket());
    assertEquals(id, attempts.get(0).get("id"), "forwarded with the stored message's id");

    JsonArray history = erin.get("history", "id", "frank").array();
    assertEquals(1, history.size(), "stored once: " + history);
    assertEquals(id, history.getJsonObject(0).getString("id"));

    router.reset(); // the node is back
    JsonArray fresh = site.online("frank").online().getJsonArray("new_messages");
    assertEquals(1, fresh.size(), fresh.encode());
    assertEquals(id, fresh.getJsonObject(0).getString("id"));
    assertEquals("kept while the node is paused", fresh.getJsonObject(0).getString("body"));
    assertEquals(0, site.online("frank").online().getJsonArray("new_messages").size(), "delivered once");
  }

  @Test
  void aRoomMessageUnderPersistent503IsKeptOnceInTheRoomHistory() {
    Page olivia = site.online("olivia");
    router.unavailable("/messages", Integer.MAX_VALUE);

    Reply r = olivia.post("message", "type", "multicast", "to", "music", "body", "to the room, node paused");

    assertEquals(503, r.status(), r.toString());
    assertEquals(true, r.json().getBoolean("kept"));
    JsonArray history = olivia.get("history", "id", "music", "type", "multicast").array();
    assertEquals(1, history.size(), history.encode());
    assertEquals(r.json().getString("id"), history.getJsonObject(0).getString("id"));
  }

  @Test
  void aRouterCallThatTimesOutIsRetriedWithTheSameId() {
    Page grace = site.online("grace");
    router.hang("/messages", 1);

    grace.ok("message", "to", "heidi", "body", "the first attempt got no answer");

    List<Map<String, String>> attempts = router.params("/messages");
    assertEquals(2, attempts.size());
    allSame(attempts, grace.ticket());
    assertEquals(1, grace.get("history", "id", "heidi").array().size());
  }

  @Test
  void anInvalidTicketIsFinalAndNotRetried() {
    Page ivan = site.online("ivan");
    router.answer("/presences/show", 404, "invalid ticket.", 1);

    Reply r = ivan.post("presence", "show", "away");

    assertEquals(404, r.status(), r.toString());
    assertEquals("invalid_ticket", r.json().getString("error"));
    assertEquals(1, router.requests("/presences/show").size());
  }

  @Test
  void otherRouterFailuresStayA502AndAreNotRetried() {
    Page judy = site.online("judy");
    router.answer("/presences/show", 500, "boom", Integer.MAX_VALUE);

    Reply r = judy.post("presence", "show", "away");

    assertEquals(502, r.status(), r.toString());
    assertEquals("router_unavailable", r.json().getString("error"));
    assertEquals(null, r.json().getValue("retryable"));
    assertEquals(1, router.requests("/presences/show").size());
  }
}
