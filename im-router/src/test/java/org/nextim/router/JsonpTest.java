package org.nextim.router;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nextim.router.testing.Page;
import org.nextim.router.testing.PollReply;
import org.nextim.router.testing.Reply;
import org.nextim.router.testing.TestRouter;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.JAVASCRIPT;
import static org.nextim.router.testing.RouterAssertions.JSON;
import static org.nextim.router.testing.RouterAssertions.assertInvalid;
import static org.nextim.router.testing.RouterAssertions.assertOk;
import static org.nextim.router.testing.RouterAssertions.assertPollInvalidTicket;

/** {@code GET /packets} with and without {@code callback} (protocol.md 2.5). */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class JsonpTest {

  private TestRouter router;
  private Page alice;
  private Page bob;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
    alice = router.login("alice");
    bob = router.login("bob");
  }

  /** Queues one message for bob, so his next poll answers at once. */
  private void queueFor(Page to, String body) {
    assertOk(alice.send(to.user(), body));
  }

  @Test
  void callbackWrapsTheReplyAsJavascriptWithNosniff() {
    queueFor(bob, "wrapped");
    PollReply r = bob.pollRaw(null, "jQuery123_456");
    Reply http = r.http();

    assertEquals(200, http.status(), http::toString);
    assertEquals(JAVASCRIPT, http.normalizedContentType());
    assertEquals("nosniff", http.header("X-Content-Type-Options").orElse(null));
    assertTrue(http.body().startsWith("jQuery123_456({"), http::toString);
    assertTrue(http.body().endsWith("});"), "the body is cb({...}); per the decisions: " + http);
    assertEquals("ok", r.status());
    assertEquals(List.of("wrapped"), r.bodies());
  }

  @Test
  void withoutCallbackTheReplyIsBareJson() {
    queueFor(bob, "bare");
    Reply http = bob.pollRaw(null, null).http();

    assertEquals(200, http.status(), http::toString);
    assertEquals(JSON, http.normalizedContentType());
    assertEquals("nosniff", http.header("X-Content-Type-Options").orElse(null), "JSON is never run as a script");
    JsonObject json = new JsonObject(http.body());
    assertEquals("ok", json.getString("status"));
    assertTrue(json.containsKey("cursor") && json.containsKey("messages") && json.containsKey("presences")
        && json.containsKey("statuses"), "every list is present: " + json);
  }

  @Test
  void validCallbackNamesAreAccepted() {
    List<String> valid = List.of("jQuery123_456", "webim.cb", "$x", "_", "a".repeat(64),
        "ns.sub.$cb_1", "a." + "b".repeat(64));
    for (String cb : valid) {
      queueFor(bob, "for " + cb);
      PollReply r = bob.pollRaw(null, cb);
      assertEquals(200, r.httpStatus(), () -> cb + ": " + r);
      assertEquals(JAVASCRIPT, r.http().normalizedContentType(), cb);
      assertEquals(List.of("for " + cb), r.bodies(), cb);
    }
  }

  @Test
  void invalidCallbackNamesAre400AndNotWrapped() {
    List<String> invalid = List.of("alert(1)", "a b", "1abc", "a".repeat(65), "a." + "b".repeat(65), "a.",
        ".a", "a..b", "a-b", "a.1b", "cb;alert(1)", "<script>", "a\u00e9");
    for (String cb : invalid) {
      Reply r = bob.pollRaw(null, cb).http();
      assertInvalid("callback", r);
      assertTrue(r.body().startsWith("{"), "errors are never JSONP-wrapped: " + r);
    }
  }

  @Test
  void anEmptyHeldReplyIsWrappedToo() {
    PollReply r = bob.pollRaw(null, "webim.cb");
    assertEquals(200, r.httpStatus(), r::toString);
    assertEquals(JAVASCRIPT, r.http().normalizedContentType());
    assertTrue(r.isEmpty(), r::toString);
    assertEquals("ok", r.status());
  }

  @Test
  void invalidTicketWithCallbackIsPlainJson404() {
    Reply r = router.rest().rawGet("/packets?domain=test.com&ticket=nope&callback=webim.cb");
    assertPollInvalidTicket(r);
    assertTrue(r.body().startsWith("{"), r::toString);
  }
}
