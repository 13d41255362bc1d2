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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the original browser bundle relies on (protocol section 4), through its
 * {@code im.php?webim_action=} form: {@code members} by {@code id} as a list, {@code pic_url} on every
 * room, and each buddy's history inside its buddyInfo in the online reply.
 */
class BundleCompatTest {

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

  private static Reply bundle(Page page, String action, String... kv) {
    return site.get("/webim/im.php?webim_action=" + action, page.token(), TestSite.params(kv));
  }

  @Test
  void membersByIdAnswersAListAndByIdsAnObject() {
    Page alice = site.online("alice");
    Reply list = bundle(alice, "members", "ticket", alice.ticket(), "id", "dev");
    assertEquals(200, list.status(), list.toString());
    JsonArray members = list.array();
    JsonObject me = find(members, "alice");
    assertNotNull(me, members.encode());
    assertEquals("Alice", me.getString("nick"));

    JsonObject byIds = bundle(alice, "members", "ticket", alice.ticket(), "ids", "dev").json();
    assertNotNull(find(byIds.getJsonArray("dev"), "alice"), byIds.encode());

    assertEquals(403, bundle(site.online("bob"), "members", "id", "music").status());
    assertEquals(404, bundle(alice, "members", "id", "nowhere").status());
    assertEquals(400, bundle(alice, "members").status());
  }

  @Test
  void aRoomWithoutPictureCarriesAnEmptyPicUrlEverywhere() {
    Page carol = site.online("carol", "room_ids", "dev");
    for (Object o : carol.online().getJsonArray("rooms")) {
      assertEquals("", ((JsonObject) o).getValue("pic_url"), "online: " + o);
    }
    for (Object o : bundle(carol, "rooms").array()) {
      assertEquals("", ((JsonObject) o).getValue("pic_url"), "rooms: " + o);
    }
    for (Object o : carol.get("rooms", "ids", "dev,music").array()) {
      assertEquals("", ((JsonObject) o).getValue("pic_url"), "rooms ids: " + o);
    }
    Reply join = carol.post("join", "id", "dev");
    assertEquals("", join.json().getValue("pic_url"), join.toString());
    Reply put = site.site("PUT", "/site/rooms/plain", new JsonObject().put("nick", "Plain"));
    assertEquals("", put.json().getValue("pic_url"), put.toString());
    site.site("PUT", "/site/rooms/pictured", new JsonObject().put("nick", "Pictured")
        .put("pic_url", "http://site.example/r.png").put("members", new JsonArray().add("carol")));
    JsonObject pictured = find(carol.get("rooms", "ids", "pictured").array(), "pictured");
    assertEquals("http://site.example/r.png", pictured.getString("pic_url"));
  }

  @Test
  void onlinePutsEachBuddyHistoryInItsBuddyInfoAndKeepsHistories() {
    Page grace = site.online("grace");
    Page heidi = site.online("heidi");
    grace.ok("message", "to", "heidi", "body", "hello heidi");
    heidi.ok("message", "to", "grace", "body", "hello grace");
    JsonObject online = site.online("grace", "buddy_ids", "heidi,ivan").online();
    JsonObject h = find(online.getJsonArray("buddies"), "heidi");
    assertNotNull(h, online.encode());
    JsonArray history = h.getJsonArray("history");
    assertNotNull(history, h.encode());
    assertEquals(2, history.size());
    assertEquals("hello heidi", history.getJsonObject(0).getString("body"));
    assertEquals("hello grace", history.getJsonObject(1).getString("body"));
    assertEquals(history, online.getJsonObject("histories").getJsonArray("heidi"));
    JsonObject ivan = find(online.getJsonArray("buddies"), "ivan");
    assertNotNull(ivan, online.encode());
    assertEquals(new JsonArray(), ivan.getJsonArray("history"));
    // Buddies not among buddy_ids carry no history.
    for (Object o : online.getJsonArray("buddies")) {
      JsonObject b = (JsonObject) o;
      if (!"heidi".equals(b.getString("id")) && !"ivan".equals(b.getString("id"))) {
        assertTrue(b.getValue("history") == null, b.encode());
      }
    }
  }
}
