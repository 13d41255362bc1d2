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
import org.nextim.router.testing.RawHttp;
import org.nextim.router.testing.TestRouter;

import java.io.IOException;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nextim.router.testing.RouterAssertions.assertOk;

/** The deployed PHP client's HTTP/1.0 (protocol.md 2.1 and 4): Content-Length, no chunking, close. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class Http10Test {

  private static final long READ_MS = 5000;

  private TestRouter router;

  @BeforeEach
  void start(Vertx vertx) {
    router = TestRouter.start(vertx);
  }

  /** Status 200, a Content-Length that matches the body, no chunked encoding. */
  private static void assertPlainHttp10Reply(int status, RawHttp.Response r) {
    assertEquals(status, r.status(), r::toString);
    String length = r.header("Content-Length").orElseThrow(() -> new AssertionError("no Content-Length: " + r));
    assertEquals(r.body().length, Integer.parseInt(length), "Content-Length matches the body: " + r);
    String te = r.header("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT);
    assertFalse(te.contains("chunked"), "no chunking for HTTP/1.0: " + r);
  }

  @Test
  void loginOverHttp10WithVersion3() throws IOException {
    String form = Params.of("domain", "test.com", "apikey", "key1", "name", "alice", "nick", "Alice Smith",
        "buddies", "bob", "rooms", "r1", "version", "3").encoded();
    RawHttp.Response r = RawHttp.postForm(router.port(), "/presences/online", form, READ_MS);

    assertPlainHttp10Reply(200, r);
    JsonObject json = new JsonObject(r.bodyText());
    assertFalse(json.getString("ticket", "").isEmpty(), "non-empty ticket: " + r);
    assertTrue(json.containsKey("rooms") && json.containsKey("buddies"), r::toString);
  }

  @Test
  void pollOverHttp10() throws IOException {
    Page bob = router.login("bob");
    Page alice = router.login("alice");
    assertOk(alice.send("bob", "over http/1.0"));

    RawHttp.Response r = RawHttp.get(router.port(),
        "/packets?" + Params.of("domain", "test.com", "ticket", bob.ticket()).encoded(), READ_MS);
    assertPlainHttp10Reply(200, r);
    JsonObject json = new JsonObject(r.bodyText());
    assertEquals("ok", json.getString("status"));
    assertEquals("over http/1.0", json.getJsonArray("messages").getJsonObject(0).getString("body"));
  }

  @Test
  void heldPollOverHttp10IsAnsweredWithContentLength() throws IOException {
    Page bob = router.login("bob");
    RawHttp.Response r = RawHttp.get(router.port(),
        "/packets?" + Params.of("domain", "test.com", "ticket", bob.ticket(), "callback", "cb").encoded(), READ_MS);
    assertPlainHttp10Reply(200, r);
    assertTrue(r.bodyText().startsWith("cb("), r::toString);
  }

  @Test
  void textRepliesAndErrorsOverHttp10() throws IOException {
    Page alice = router.login("alice");
    String send = Params.of("domain", "test.com", "apikey", "key1", "ticket", alice.ticket(), "to", "bob",
        "body", "hi").encoded();
    RawHttp.Response ok = RawHttp.postForm(router.port(), "/messages", send, READ_MS);
    assertPlainHttp10Reply(200, ok);
    assertEquals("ok", ok.bodyText());

    RawHttp.Response unauthorized = RawHttp.postForm(router.port(), "/messages",
        Params.of("domain", "test.com", "apikey", "nope").encoded(), READ_MS);
    assertPlainHttp10Reply(401, unauthorized);
    assertEquals("authentication failed.", unauthorized.bodyText());

    RawHttp.Response onlines = RawHttp.get(router.port(),
        "/onlines?" + Params.of("domain", "test.com", "apikey", "key1", "names", "alice,bob").encoded(), READ_MS);
    assertPlainHttp10Reply(200, onlines);
    assertEquals("alice", onlines.bodyText());

    RawHttp.Response notFound = RawHttp.get(router.port(), "/nothing-here", READ_MS);
    assertPlainHttp10Reply(404, notFound);
  }

  /**
   * The PHP client sends its previous POST's body with its next GET (protocol.md 2.1): the GET's
   * parameters are its query string's, whatever the body says.
   */
  @Test
  void aGetIgnoresTheBodyThePhpClientSendsAlong() throws IOException {
    router.login("alice", "rooms", "room1");
    router.login("bob", "rooms", "room2");
    String query = Params.of("domain", "test.com", "apikey", "key1", "room", "room1").encoded();
    byte[] stale = Params.of("domain", "test.com", "apikey", "key1", "room", "room2", "ticket", "x").encoded()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (String method : new String[] {"GET", "HEAD"}) {
      String head = method + " /room/members?" + query + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + stale.length + "\r\n\r\n";
      java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
      req.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      req.write(stale);
      RawHttp.Response r = RawHttp.exchange(router.port(), req.toByteArray(), READ_MS);
      assertEquals(200, r.status(), method + ": " + r);
      if (method.equals("GET")) {
        JsonObject members = new JsonObject(r.bodyText());
        assertEquals("room1", members.fieldNames().iterator().next(), r::toString);
        assertEquals("alice", members.getJsonArray("room1").getJsonObject(0).getString("id"), r::toString);
      }
    }
    // A POST's body still wins over its query string.
    RawHttp.Response post = RawHttp.postForm(router.port(), "/room/members?room=room1",
        Params.of("domain", "test.com", "apikey", "key1", "room", "room2").encoded(), READ_MS);
    assertTrue(new JsonObject(post.bodyText()).containsKey("room2"), post::toString);
  }
}
