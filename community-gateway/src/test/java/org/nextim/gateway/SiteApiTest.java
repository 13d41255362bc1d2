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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site API ({@code /site/*}) on a gateway without demo mode, and its effect on the browser API. */
class SiteApiTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), false);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static JsonObject user(String nick) {
    return new JsonObject().put("nick", nick);
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
  void theApiKeyIsRequired() {
    Reply none = site.request("PUT", "/site/users/x1", user("X").encode(), "Content-Type", "application/json");
    assertEquals(401, none.status());
    Reply wrong = site.request("PUT", "/site/users/x1", user("X").encode(), "X-Api-Key", "nope");
    assertEquals(401, wrong.status());
    assertEquals("unauthorized", wrong.json().getString("error"));
    assertEquals(401, site.request("DELETE", "/site/rooms/r", null).status());
  }

  @Test
  void statsCountTheDatabaseWorkAndNeedTheKey() {
    assertEquals(401, site.request("GET", "/site/stats", null).status());
    JsonObject before = site.site("GET", "/site/stats", null).json().getJsonObject("db");
    site.site("PUT", "/site/users/stats-user", user("S"));
    JsonObject after = site.site("GET", "/site/stats", null).json().getJsonObject("db");
    assertTrue(after.getLong("transactions") > before.getLong("transactions"), after.encode());
    assertTrue(after.getLong("statements") > before.getLong("statements"), after.encode());
  }

  @Test
  void usersAreCreatedThenUpdatedAndBadInputIs400() {
    Reply created = site.site("PUT", "/site/users/u.one@site", new JsonObject().put("nick", "One")
        .put("pic_url", "http://site.example/1.png").put("url", "http://site.example/u/1").put("admin", true));
    assertEquals(201, created.status(), created.toString());
    assertEquals("One", created.json().getString("nick"));
    assertEquals(true, created.json().getBoolean("admin"));
    Reply updated = site.site("PUT", "/site/users/u.one@site", user("Uno"));
    assertEquals(200, updated.status());
    assertEquals("Uno", site.online("u.one@site").online().getJsonObject("user").getString("nick"));

    assertEquals(400, site.site("PUT", "/site/users/bad%20id", user("x")).status());
    assertEquals("id", site.site("PUT", "/site/users/" + "a".repeat(65), user("x")).json().getString("param"));
    assertEquals(400, site.site("PUT", "/site/users/ok", "{nope").status());
    assertEquals(400, site.site("PUT", "/site/users/ok", new JsonArray()).status());
    Reply badAdmin = site.site("PUT", "/site/users/ok", new JsonObject().put("admin", "yes"));
    assertEquals("admin", badAdmin.json().getString("param"));
    Reply badNick = site.site("PUT", "/site/users/ok", new JsonObject().put("nick", 42));
    assertEquals("nick", badNick.json().getString("param"));
  }

  @Test
  void buddyListsAreReplacedAndReachTheUserAtTheNextPageLoad() {
    site.site("PUT", "/site/users/b1", user("B One"));
    site.site("PUT", "/site/users/b2", user("B Two"));
    site.site("PUT", "/site/users/b3", user("B Three"));
    Reply put = site.site("PUT", "/site/users/b1/buddies", new JsonArray()
        .add(new JsonObject().put("id", "b2").put("group", "friend"))
        .add(new JsonObject().put("id", "b3").put("group", "colleague")));
    assertEquals(200, put.status(), put.toString());
    Page b1 = site.online("b1");
    JsonArray all = b1.get("buddies").array();
    assertEquals(2, all.size());
    assertEquals("colleague", find(all, "b3").getString("group"));
    assertEquals("offline", find(all, "b3").getString("presence"));

    site.site("PUT", "/site/users/b3/buddies", new JsonArray().add(new JsonObject().put("id", "b1").put("group", "colleague")));
    Page b3 = site.online("b3");
    assertEquals("online", find(b3.get("buddies").array(), "b1").getString("presence"));
    assertTrue(b3.online().getString("buddy_online_ids").contains("b1"));

    site.site("PUT", "/site/users/b1/buddies", new JsonArray().add(new JsonObject().put("id", "b2")));
    JsonArray after = site.online("b1").get("buddies").array();
    assertEquals(1, after.size());
    assertEquals("b2", after.getJsonObject(0).getString("id"));

    assertEquals(404, site.site("PUT", "/site/users/ghost/buddies", new JsonArray()).status());
    assertEquals(400, site.site("PUT", "/site/users/b1/buddies", new JsonArray().add(new JsonObject().put("id", "no way"))).status());
    assertEquals(400, site.site("PUT", "/site/users/b1/buddies", new JsonObject()).status());
  }

  @Test
  void roomsAndTheirMembersDecideWhoMayJoin() {
    site.site("PUT", "/site/users/r1", user("R1"));
    site.site("PUT", "/site/users/r2", user("R2"));
    Reply created = site.site("PUT", "/site/rooms/book-club", new JsonObject().put("nick", "Book club")
        .put("url", "http://site.example/g/books").put("members", new JsonArray().add("r1").add("r2")));
    assertEquals(201, created.status(), created.toString());
    assertEquals(new JsonArray().add("r1").add("r2"), created.json().getJsonArray("members"));
    JsonObject room = find(site.online("r1").online().getJsonArray("rooms"), "book-club");
    assertEquals("Book club", room.getString("nick"));
    assertEquals(2, room.getInteger("all_count"));
    assertEquals("http://site.example/g/books", room.getString("url"));

    Reply updated = site.site("PUT", "/site/rooms/book-club", new JsonObject().put("nick", "Book club")
        .put("members", new JsonArray().add("r2")));
    assertEquals(200, updated.status());
    Page r1 = site.online("r1");
    assertNull(find(r1.online().getJsonArray("rooms"), "book-club"), "r1 was removed from the room");
    assertEquals(403, r1.post("join", "id", "book-club").status());
    assertEquals(400, site.site("PUT", "/site/rooms/book-club", new JsonObject().put("members", new JsonArray().add("a b"))).status());

    assertEquals(204, site.site("DELETE", "/site/rooms/book-club", null).status());
    assertEquals(404, site.site("DELETE", "/site/rooms/book-club", null).status());
    assertEquals(404, site.online("r2").post("join", "id", "book-club").status());
  }

  @Test
  void notificationsArePostedForAUser() {
    site.site("PUT", "/site/users/n1", user("N1"));
    Reply r = site.site("POST", "/site/users/n1/notifications", new JsonObject().put("text", "You have mail")
        .put("link", "http://site.example/mail"));
    assertEquals(201, r.status(), r.toString());
    JsonArray list = site.online("n1").get("notifications").array();
    assertEquals(1, list.size());
    assertEquals("You have mail", list.getJsonObject(0).getString("text"));
    assertEquals("http://site.example/mail", list.getJsonObject(0).getString("link"));
    assertEquals(404, site.site("POST", "/site/users/ghost/notifications", new JsonObject().put("text", "x")).status());
    assertEquals("text", site.site("POST", "/site/users/n1/notifications", new JsonObject()).json().getString("param"));
  }

  @Test
  void deletingAUserDropsLinksAndMembershipsButNotTheOtherSidesHistory() {
    site.site("PUT", "/site/users/d1", user("D1"));
    site.site("PUT", "/site/users/d2", user("D2"));
    site.site("PUT", "/site/users/d1/buddies", new JsonArray().add("d2"));
    site.site("PUT", "/site/users/d2/buddies", new JsonArray().add("d1"));
    site.site("PUT", "/site/rooms/d-room", new JsonObject().put("members", new JsonArray().add("d1").add("d2")));
    Page d1 = site.online("d1");
    d1.ok("message", "to", "d2", "body", "bye d2");
    assertEquals(204, site.site("DELETE", "/site/users/d2", null).status());
    assertEquals(404, site.site("DELETE", "/site/users/d2", null).status());
    Page again = site.online("d1");
    assertEquals(0, again.get("buddies").array().size());
    assertEquals(1, again.get("rooms", "ids", "d-room").array().getJsonObject(0).getInteger("all_count"));
    assertEquals("bye d2", again.get("history", "id", "d2").array().getJsonObject(0).getString("body"));
    assertEquals(404, again.post("message", "to", "d2", "body", "anyone?").status());
  }

  @Test
  void demoLoginIs404WithoutDemoMode() {
    Reply r = site.request("POST", "/demo/login", new JsonObject().put("id", "alice").encode(),
        "Content-Type", "application/json");
    assertEquals(404, r.status());
  }
}
