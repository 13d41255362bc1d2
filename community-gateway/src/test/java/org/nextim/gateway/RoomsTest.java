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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms, multicast, room history for members only, blocking, and broadcast for admins only. Demo
 * rooms: lobby (everyone), dev (alice bob carol dave grace ivan mallory), music (alice carol erin frank
 * heidi olivia); alice is the admin.
 */
class RoomsTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static JsonObject find(JsonArray list, String id) {
    for (int i = 0; i < list.size(); i++) {
      if (id.equals(list.getJsonObject(i).getString("id"))) {
        return list.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  void roomsAndOnlineMembers() {
    Page alice = site.online("alice");
    JsonArray rooms = alice.get("rooms").array();
    assertEquals(3, rooms.size());
    JsonObject dev = find(rooms, "dev");
    assertEquals("Developers", dev.getString("nick"));
    assertEquals(7, dev.getInteger("all_count"));
    assertTrue(dev.getInteger("count") >= 1);
    assertEquals(7, dev.getJsonArray("members").size());
    JsonObject members = alice.get("members", "ids", "dev,lobby").json();
    assertTrue(members.getJsonArray("dev").stream().anyMatch(m -> "alice".equals(((JsonObject) m).getString("id"))),
        members.encode());
    assertNotNull(members.getJsonArray("lobby"));
    assertEquals(1, alice.get("rooms", "ids", "music,nowhere").array().size());
  }

  @Test
  void joinAnswersRoomInfoUnknownRooms404AndNonMembers403() {
    Page bob = site.online("bob");
    Reply join = bob.post("join", "id", "dev");
    assertEquals(200, join.status(), join.toString());
    assertEquals("dev", join.json().getString("id"));
    assertTrue(join.json().getInteger("count") >= 1);
    assertEquals(7, join.json().getInteger("all_count"));
    Reply notMember = bob.post("join", "id", "music");
    assertEquals(403, notMember.status());
    assertEquals("not_a_member", notMember.json().getString("error"));
    Reply unknown = bob.post("join", "id", "nowhere");
    assertEquals(404, unknown.status());
    assertEquals(404, bob.post("leave", "id", "nowhere").status());
    assertEquals(403, bob.get("members", "ids", "music").status());
    assertEquals(404, bob.get("members", "ids", "nowhere").status());
  }

  @Test
  void multicastReachesOtherMembersAndOnlyMembersMayMulticast() {
    Page dave = site.online("dave");
    Page carol = site.online("carol");
    carol.ok("message", "type", "multicast", "to", "dev", "body", "standup in 5");
    JsonObject m = dave.await("messages", p -> "standup in 5".equals(p.getString("body")));
    assertEquals("multicast", m.getString("type"));
    assertEquals("dev", m.getString("to"));
    assertEquals("carol", m.getString("from"));

    Page bob = site.online("bob");
    Reply r = bob.post("message", "type", "multicast", "to", "music", "body", "let me in");
    assertEquals(403, r.status());
    assertEquals("not_a_member", r.json().getString("error"));
    assertEquals(404, bob.post("message", "type", "multicast", "to", "nowhere", "body", "x").status());
  }

  @Test
  void roomHistoryIsForMembersOnly() {
    Page grace = site.online("grace");
    grace.ok("message", "type", "multicast", "to", "dev", "body", "dev secret");
    JsonArray h = site.online("ivan").get("history", "id", "dev", "type", "multicast").array();
    assertEquals("dev secret", h.getJsonObject(h.size() - 1).getString("body"));
    Page erin = site.online("erin");
    Reply denied = erin.get("history", "id", "dev", "type", "multicast");
    assertEquals(403, denied.status());
    assertEquals(403, erin.get("download_history", "id", "dev", "type", "multicast").status());
    JsonObject hs = erin.get("histories", "ids", "dev,music", "type", "multicast").json();
    assertNull(hs.getValue("dev"), "non-member rooms are left out: " + hs);
    assertNotNull(hs.getJsonArray("music"));
    // At login, room_ids bring the history in the roomInfo.
    JsonObject online = site.online("mallory", "room_ids", "dev,music").online();
    JsonObject dev = find(online.getJsonArray("rooms"), "dev");
    assertEquals("dev secret", dev.getJsonArray("history").getJsonObject(dev.getJsonArray("history").size() - 1)
        .getString("body"));
    assertNull(find(online.getJsonArray("rooms"), "music"), "mallory is not in music");
  }

  @Test
  void leavingBlocksARoomAndJoiningUnblocksIt() {
    Page frank = site.online("frank");
    frank.ok("leave", "id", "music");
    assertEquals(new JsonArray().add("music"), frank.get("setting").json().getJsonArray("blocked_rooms"));
    JsonObject again = site.online("frank").online();
    JsonObject music = find(again.getJsonArray("rooms"), "music");
    assertTrue(music.getBoolean("blocked"));
    assertEquals(0, music.getInteger("count"));
    Page page = site.online("frank");
    Reply join = page.post("join", "id", "music");
    assertEquals(200, join.status(), join.toString());
    assertFalse(join.json().getBoolean("blocked"));
    assertEquals(new JsonArray(), page.get("setting").json().getJsonArray("blocked_rooms"));
  }

  @Test
  void broadcastIsForAdminsOnly() {
    Page heidi = site.online("heidi");
    Page bob = site.online("bob");
    Reply denied = bob.post("message", "type", "broadcast", "body", "attention!");
    assertEquals(403, denied.status());
    assertEquals("not_admin", denied.json().getString("error"));
    Page alice = site.online("alice");
    alice.ok("message", "type", "broadcast", "body", "maintenance at noon");
    JsonObject m = heidi.await("messages", p -> "maintenance at noon".equals(p.getString("body")));
    assertEquals("broadcast", m.getString("type"));
    assertEquals("alice", m.getString("from"));
  }
}
