package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.Params;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.RestClient;
import org.nextim.router.testing.TestRouter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.nextim.router.testing.RouterAssertions.assertBadParam;
import static org.nextim.router.testing.RouterAssertions.assertInvalid;
import static org.nextim.router.testing.RouterAssertions.assertInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertJson;
import static org.nextim.router.testing.RouterAssertions.assertJsonError;
import static org.nextim.router.testing.RouterAssertions.assertMissing;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;
import static org.nextim.router.testing.RouterAssertions.assertUnauthorized;

/** Every row of the error table of protocol.md 2.1, with the bodies of docs/router-decisions.md. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ErrorsTest {

  private static final List<String> REST_CALLS = List.of("/presences/online", "/presences/offline",
      "/presences/show", "/statuses", "/messages", "/onlines", "/room/members", "/room/join", "/room/leave");

  private TestRouter router;
  private RestClient rest;
  private Page alice;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    rest = router.rest();
    alice = router.login("alice", "rooms", "r1");
  }

  /** Parameters that make each call valid, so that one change makes it invalid. */
  private Map<String, Params> validParams() {
    String t = alice.ticket();
    return Map.of(
        "/presences/online", Params.of("name", "zed", "nick", "Zed"),
        "/presences/offline", Params.of("ticket", t),
        "/presences/show", Params.of("ticket", t, "show", "away"),
        "/statuses", Params.of("ticket", t, "to", "bob", "show", "typing"),
        "/messages", Params.of("ticket", t, "to", "bob", "body", "hi"),
        "/onlines", Params.of("names", "alice,bob"),
        "/room/members", Params.of("room", "r1"),
        "/room/join", Params.of("ticket", t, "room", "r2"),
        "/room/leave", Params.of("ticket", t, "room", "r2"));
  }

  private Reply post(String path, Params params, String domain, String apikey) {
    Params p = Params.of("domain", domain, "apikey", apikey);
    params.asMap().forEach((k, v) -> p.with(k, v));
    return rest.rawPost(path, "application/x-www-form-urlencoded", p.encoded());
  }

  // ---- 401 ---------------------------------------------------------------------------------

  @Test
  void wrongOrMissingDomainOrApikeyIs401OnEveryRestCall() {
    for (String path : REST_CALLS) {
      Params ok = validParams().get(path);
      assertUnauthorized(post(path, ok, "test.com", null));
      assertUnauthorized(post(path, ok, "test.com", "wrong"));
      assertUnauthorized(post(path, ok, null, "key1"));
      assertUnauthorized(post(path, ok, "unknown.net", "key1"));
      assertUnauthorized(post(path, ok, "test.com", "key2"));
      assertUnauthorized(post(path, ok, null, null));
    }
  }

  @Test
  void authenticationIsCheckedBeforeParameters() {
    for (String path : REST_CALLS) {
      assertUnauthorized(post(path, Params.of(), "test.com", "wrong"));
      assertUnauthorized(rest.rawGet(path));
    }
  }

  @Test
  void aValidCallStillWorksAfterTheRejectedOnes() {
    assertUnauthorized(post("/messages", validParams().get("/messages"), "test.com", "wrong"));
    assertOk(post("/messages", validParams().get("/messages"), "test.com", "key1"));
  }

  // ---- 404 invalid ticket ------------------------------------------------------------------

  @Test
  void unknownTicketIs404TextOnEveryRestCallThatTakesOne() {
    for (Map.Entry<String, Params> e : validParams().entrySet()) {
      if (e.getKey().equals("/presences/online")) {
        continue;
      }
      Params p = e.getValue().copy().with("ticket", "no-such-ticket-0123456789abcdef");
      assertInvalidTicket(post(e.getKey(), p, "test.com", "key1"));
    }
  }

  @Test
  void ticketOfAnEndedPageIs404OnRestAndPackets() {
    Page gone = router.login("gone");
    assertOk(gone.offline());
    for (Map.Entry<String, Params> e : validParams().entrySet()) {
      if (e.getKey().equals("/presences/online")) {
        continue;
      }
      Params p = e.getValue().copy().with("ticket", gone.ticket());
      assertInvalidTicket(post(e.getKey(), p, "test.com", "key1"));
    }
    assertPollInvalidTicket(gone.pollRaw(null, null).http());
  }

  @Test
  void unknownTicketOnPacketsIs404JsonEvenWithCallback() {
    assertPollInvalidTicket(rest.rawGet("/packets?domain=test.com&ticket=nope"));
    assertPollInvalidTicket(rest.rawGet("/packets?domain=test.com&ticket=nope&callback=cb"));
    assertPollInvalidTicket(rest.rawGet("/packets?domain=test.com&ticket=nope&cursor=3"));
  }

  // ---- 400 missing / malformed -------------------------------------------------------------

  @Test
  void eachMissingRequiredParameterIs400NamingIt() {
    Map<String, List<String>> required = Map.of(
        "/presences/online", List.of("name", "nick"),
        "/presences/offline", List.of("ticket"),
        "/presences/show", List.of("ticket", "show"),
        "/statuses", List.of("ticket", "to", "show"),
        "/messages", List.of("ticket", "body", "to"),
        "/onlines", List.of("names"),
        "/room/members", List.of("room"),
        "/room/join", List.of("ticket", "room"),
        "/room/leave", List.of("ticket", "room"));
    required.forEach((path, params) -> {
      for (String param : params) {
        Params p = validParams().get(path).copy().with(param, null);
        assertMissing(param, post(path, p, "test.com", "key1"));
      }
    });
    assertMissing("to", alice.call("/messages", Params.of("type", "multicast", "body", "hi")));
    assertMissing("ticket", rest.rawGet("/packets?domain=test.com"));
  }

  @Test
  void emptyRequiredParameterIs400NamingIt() {
    assertBadParam("name", rest.post("/presences/online", "name", "", "nick", "X"));
    assertBadParam("body", alice.call("/messages", Params.of("to", "bob", "body", "")));
    assertBadParam("ticket", rest.post("/presences/offline", "ticket", ""));
  }

  @Test
  void badShowIs400() {
    assertInvalid("show", rest.post("/presences/online", "name", "zed", "nick", "Zed", "show", "sleeping"));
    assertInvalid("show", alice.show("sleeping"));
    assertInvalid("show", alice.show("unavailable"));
    assertInvalid("show", alice.show("AWAY"));
  }

  @Test
  void badTypeIs400() {
    assertInvalid("type", alice.call("/messages", Params.of("to", "bob", "body", "hi", "type", "groupcast")));
  }

  @Test
  void badCursorIs400() {
    for (String cursor : List.of("abc", "1.5", "12x")) {
      assertInvalid("cursor", rest.rawGet("/packets?" + Params.of("domain", "test.com", "ticket", alice.ticket(),
          "cursor", cursor).encoded()));
    }
  }

  @Test
  void badCallbackIs400() {
    assertInvalid("callback", rest.rawGet("/packets?" + Params.of("domain", "test.com", "ticket", alice.ticket(),
        "callback", "alert(1)").encoded()));
  }

  @Test
  void malformedNamesAre400() {
    assertInvalid("name", rest.post("/presences/online", "name", "a b", "nick", "X"));
    assertInvalid("name", rest.post("/presences/online", "name", "a,b", "nick", "X"));
    assertInvalid("name", rest.post("/presences/online", "name", "x".repeat(129), "nick", "X"));
    assertInvalid("name", rest.post("/presences/online", "name", "tab\there", "nick", "X"));
    assertInvalid("buddies", rest.post("/presences/online", "name", "zed", "nick", "Zed", "buddies", "bob,c d"));
    assertInvalid("to", alice.send("b o b", "hi"));
    assertInvalid("room", alice.join("r 1"));
    assertInvalid("to", alice.typing("x,y", "typing"));
    // the longest allowed name is fine
    assertJson(200, rest.post("/presences/online", "name", "x".repeat(128), "nick", "X"));
  }

  // ---- 403, 413, 404 not_found -------------------------------------------------------------

  @Test
  void multicastToARoomTheSenderIsNotInIs403() {
    Page bob = router.login("bob");
    assertJsonError(403, "not_a_member", bob.multicast("r1", "let me in"));
    assertOk(alice.multicast("r1", "members may"));
  }

  @Test
  void bodyOverTheLimitIs413WithContentLength() {
    String form = Params.of("domain", "test.com", "apikey", "key1", "ticket", alice.ticket(), "to", "bob",
        "body", "x".repeat(5000)).encoded();
    assertJsonError(413, "too_large", rest.rawPost("/messages", "application/x-www-form-urlencoded", form));

    String json = new JsonObject().put("domain", "test.com").put("apikey", "key1").put("ticket", alice.ticket())
        .put("to", "bob").put("body", "y".repeat(5000)).encode();
    assertJsonError(413, "too_large", rest.rawPost("/messages", "application/json", json));
  }

  /**
   * A client still sending megabytes when the 413 comes reads the 413, not a reset connection: the
   * router drains the rest before it closes (a close with unread bytes resets, and the reset discards
   * the answer).
   */
  @Test
  void aClientStillSendingReadsThe413() {
    String huge = Params.of("domain", "test.com", "apikey", "key1", "ticket", alice.ticket(), "to", "bob",
        "body", "z".repeat(4_000_000)).encoded();
    for (int i = 0; i < 3; i++) {
      assertJsonError(413, "too_large", rest.rawPost("/messages", "application/x-www-form-urlencoded", huge));
    }
    byte[] chunked = huge.getBytes(StandardCharsets.UTF_8);
    assertJsonError(413, "too_large", rest.rawPostChunked("/messages", "application/x-www-form-urlencoded", chunked));
  }

  @Test
  void bodyOverTheLimitIs413WhenChunked() {
    byte[] form = Params.of("domain", "test.com", "apikey", "key1", "ticket", alice.ticket(), "to", "bob",
        "body", "x".repeat(6000)).encoded().getBytes(StandardCharsets.UTF_8);
    assertJsonError(413, "too_large", rest.rawPostChunked("/messages", "application/x-www-form-urlencoded", form));
  }

  @Test
  void bodyUnderTheLimitIsAcceptedChunkedOrNot() {
    byte[] form = Params.of("domain", "test.com", "apikey", "key1", "ticket", alice.ticket(), "to", "bob",
        "body", "x".repeat(3500)).encoded().getBytes(StandardCharsets.UTF_8);
    assertOk(rest.rawPost("/messages", "application/x-www-form-urlencoded", new String(form, StandardCharsets.UTF_8)));
    assertOk(rest.rawPostChunked("/messages", "application/x-www-form-urlencoded", form));
  }

  @Test
  void unknownPathIs404NotFound() {
    assertJsonError(404, "not_found", rest.rawGet("/nope"));
    assertJsonError(404, "not_found", rest.rawGet("/"));
    assertJsonError(404, "not_found", rest.get("/presences"));
    assertJsonError(404, "not_found", rest.post("/room/explode", "ticket", alice.ticket(), "room", "r1"));
  }
}
