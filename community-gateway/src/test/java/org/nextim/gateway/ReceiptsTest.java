package org.nextim.gateway;

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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receipts (extension): {@code show=read} with a message id on {@code /webim/status} stores a read marker
 * per conversation and reaches the sender's pages as a status; offline messages handed over at login
 * send {@code delivered}; both come back in {@code /webim/receipts} and the online reply's {@code receipts}.
 */
class ReceiptsTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static String send(Page from, String to, String body, String clientId) {
    Reply r = from.post("message", "to", to, "body", body, "client_id", clientId);
    assertEquals(200, r.status(), r.toString());
    return r.json().getString("id");
  }

  private static JsonObject receipts(Page of, String peer) {
    Reply r = of.get("receipts", "ids", peer);
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonObject(peer);
  }

  @Test
  void aReadMarkerReachesTheSenderSurvivesReloadsAndOnlyMovesForward() {
    Page alice = site.online("alice");
    Page bob = site.online("bob");
    String first = send(alice, "bob", "one", "r-1");
    String second = send(alice, "bob", "two", "r-2");
    assertEquals(new JsonObject().put("delivered", second).put("read", null), receipts(alice, "bob"));

    bob.ok("status", "to", "alice", "show", "read", "id", second);
    JsonObject seen = alice.await("statuses", s -> "read".equals(s.getString("show")));
    assertEquals("bob", seen.getString("from"));
    assertEquals(second, seen.getString("id"));
    assertEquals(second, receipts(alice, "bob").getString("read"));

    // Reading an older message again changes nothing and sends nothing.
    bob.ok("status", "to", "alice", "show", "read", "id", first);
    assertEquals(second, receipts(alice, "bob").getString("read"));
    // A reload: the marker is in the online reply for the open chats.
    JsonObject online = site.online("alice", "buddy_ids", "bob").online();
    assertEquals(second, online.getJsonObject("receipts").getJsonObject("bob").getString("read"));
    // Bob's own receipts of alice are a different conversation direction.
    assertNull(receipts(bob, "alice").getString("read"));
  }

  @Test
  void badReceiptsAre4xx() {
    Page carol = site.online("carol");
    Page dave = site.online("dave");
    String mine = send(carol, "dave", "from carol", "r-3");
    Reply notFromThem = carol.post("status", "to", "dave", "show", "read", "id", mine);
    assertEquals(404, notFromThem.status(), "carol cannot read her own message as dave's");
    assertEquals("unknown_message", notFromThem.json().getString("error"));
    Reply noId = dave.post("status", "to", "carol", "show", "read");
    assertEquals(400, noId.status());
    assertEquals("id", noId.json().getString("param"));
    Reply noIds = dave.get("receipts");
    assertEquals(400, noIds.status());
    assertEquals("ids", noIds.json().getString("param"));
    dave.ok("status", "to", "carol", "show", "read", "id", mine);
  }

  @Test
  void offlineMessagesTurnDeliveredWhenTheRecipientComesBack() {
    Page erin = site.online("erin");
    Reply r = erin.post("message", "to", "frank", "body", "while you were away", "client_id", "r-4", "offline", "1");
    assertFalse(r.json().getBoolean("delivered"));
    String id = r.json().getString("id");
    assertNull(receipts(erin, "frank").getString("delivered"));

    Page frank = site.online("frank");
    assertEquals(id, frank.online().getJsonArray("new_messages").getJsonObject(0).getString("id"));
    JsonObject delivered = erin.await("statuses", s -> "delivered".equals(s.getString("show")));
    assertEquals("frank", delivered.getString("from"));
    assertEquals(id, delivered.getString("id"));
    assertEquals(id, receipts(erin, "frank").getString("delivered"));
    assertTrue(frank.online().getJsonObject("receipts").isEmpty(), "no buddy_ids, no receipts");
  }
}
