package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code client_id} on {@code /webim/message}: the widget's outbox sends a message again when it never
 * heard the reply; the gateway stores and forwards it once and answers every repeat with the stored
 * message. Old clients send none and get {@code ok}.
 */
class ClientIdTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void theSameClientIdTwiceIsOneStoredMessageAndTheSameIdAnswered() {
    Page alice = site.online("alice");
    Page bob = site.online("bob");
    Reply first = alice.post("message", "to", "bob", "body", "only once", "client_id", "c-alice-1");
    assertEquals(200, first.status(), first.toString());
    JsonObject r1 = first.json();
    assertEquals("ok", r1.getString("status"));
    assertEquals("c-alice-1", r1.getString("client_id"));
    assertTrue(r1.getBoolean("delivered"), "bob has a page");
    assertFalse(r1.getBoolean("repeated"));
    String id = r1.getString("id");

    Reply second = alice.post("message", "to", "bob", "body", "only once", "client_id", "c-alice-1");
    assertEquals(200, second.status(), second.toString());
    JsonObject r2 = second.json();
    assertEquals(id, r2.getString("id"), "the stored message's id");
    assertEquals(r1.getLong("timestamp"), r2.getLong("timestamp"));
    assertTrue(r2.getBoolean("repeated"));
    assertTrue(r2.getBoolean("delivered"));

    JsonArray history = alice.get("history", "id", "bob").array();
    assertEquals(1, history.size(), history.encode());
    assertEquals(id, history.getJsonObject(0).getString("id"));
    assertEquals("c-alice-1", history.getJsonObject(0).getString("client_id"));
    // Forwarded once: bob's page gets it, then nothing more from alice.
    assertEquals(id, bob.await("messages", p -> "only once".equals(p.getString("body"))).getString("id"));
    alice.post("message", "to", "bob", "body", "marker", "client_id", "c-alice-2");
    JsonObject next = bob.await("messages", p -> "alice".equals(p.getString("from")));
    assertEquals("marker", next.getString("body"), "no second copy before the next message");
  }

  @Test
  void anOfflineRecipientGetsARepeatedMessageOnceAmongItsNewMessages() {
    Page carol = site.online("carol");
    for (int i = 0; i < 3; i++) {
      JsonObject r = carol.post("message", "to", "dave", "body", "while you were out", "client_id", "c-carol-9").json();
      assertFalse(r.getBoolean("delivered"), "dave has no page");
    }
    JsonArray news = site.online("dave").online().getJsonArray("new_messages");
    assertEquals(1, news.stream().filter(o -> "carol".equals(((JsonObject) o).getString("from"))).count(), news.encode());
  }

  @Test
  void oldClientsGetOkAndABadClientIdIs400() {
    Page erin = site.online("erin");
    erin.ok("message", "to", "frank", "body", "no client id");
    erin.ok("message", "to", "frank", "body", "no client id");
    assertEquals(2, erin.get("history", "id", "frank").array().size(), "each one is a message");
    Reply bad = erin.post("message", "to", "frank", "body", "x", "client_id", "not a valid id!");
    assertEquals(400, bad.status());
    assertEquals("client_id", bad.json().getString("param"));
  }
}
