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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Online, messages, offline messages, statuses, presence, history rules: section 3 over real HTTP. */
class ConversationTest {

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

  private static List<String> bodies(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("body")).toList();
  }

  @Test
  void onlineAnswersTheFieldsOfSection34() {
    site.online("carol");
    Page dave = site.online("dave", "buddy_ids", "carol");
    JsonObject r = dave.online();
    assertTrue(r.getLong("server_time") > 1_600_000_000_000L);
    JsonObject conn = r.getJsonObject("connection");
    assertEquals("localhost", conn.getString("domain"));
    assertEquals("http://public.example:" + site.routerPort() + "/packets", conn.getString("server"));
    assertTrue(conn.getString("ticket").length() >= 16);
    assertEquals("dave", r.getJsonObject("user").getString("id"));
    assertEquals("Dave", r.getJsonObject("user").getString("nick"));
    assertEquals("available", r.getJsonObject("user").getString("show"));
    assertEquals(new JsonObject().put("blocked_rooms", new JsonArray()).put("play_sound", true)
        .put("buddy_sticky", true).put("minimize_layout", true).put("msg_auto_pop", true), r.getJsonObject("setting"));
    assertTrue(List.of(r.getString("buddy_online_ids").split(",")).contains("carol"));
    JsonObject carol = find(r.getJsonArray("buddies"), "carol");
    assertNotNull(carol, r.encode());
    assertEquals("online", carol.getString("presence"));
    assertEquals("Carol", carol.getString("nick"));
    assertNotNull(carol.getString("group"));
    JsonObject lobby = find(r.getJsonArray("rooms"), "lobby");
    assertEquals(18, lobby.getInteger("all_count"));
    assertTrue(lobby.getInteger("count") >= 2, lobby.encode());
    assertFalse(lobby.getBoolean("blocked"));
    assertNotNull(find(r.getJsonArray("rooms"), "dev"));
    assertEquals(new JsonObject().put("carol", new JsonArray()), r.getJsonObject("histories"));
    assertEquals(new JsonArray(), r.getJsonArray("new_messages"));
  }

  @Test
  void aMessageIsStoredForwardedWithItsIdAndKeptInHistory() {
    Page frank = site.online("frank");
    Page erin = site.online("erin");
    erin.ok("message", "to", "frank", "body", "hello frank", "style", "color:red");
    JsonObject m = frank.await("messages", p -> "hello frank".equals(p.getString("body")));
    assertEquals("erin", m.getString("from"));
    assertEquals("Erin", m.getString("nick"));
    assertEquals("unicast", m.getString("type"));
    assertEquals("color:red", m.getString("style"));
    String id = m.getString("id");
    assertNotNull(id);

    JsonArray mine = erin.get("history", "id", "frank").array();
    assertEquals(1, mine.size());
    assertEquals(id, mine.getJsonObject(0).getString("id"));
    assertEquals(m.getLong("timestamp"), mine.getJsonObject(0).getLong("timestamp"));
    JsonArray theirs = frank.get("history", "id", "erin", "type", "unicast").array();
    assertEquals(id, theirs.getJsonObject(0).getString("id"));
    // It reached a page: it is not an offline message.
    assertEquals(new JsonArray(), site.online("frank").online().getJsonArray("new_messages"));
  }

  @Test
  void aTicketMustBelongToTheCaller() {
    Page grace = site.online("grace");
    Page heidi = site.online("heidi");
    Reply stolen = grace.post("message", "ticket", heidi.ticket(), "to", "heidi", "body", "x");
    assertEquals(403, stolen.status(), stolen.toString());
    assertEquals("not_your_ticket", stolen.json().getString("error"));
    Reply madeUp = grace.post("presence", "ticket", "0123456789abcdef", "show", "away");
    assertEquals(403, madeUp.status());
    Reply none = site.post("/webim/status", grace.token(), TestSite.params("to", "heidi", "show", "typing"));
    assertEquals(400, none.status());
    assertEquals("ticket", none.json().getString("param"));
    for (String action : List.of("offline", "refresh", "join", "leave", "clear_history", "setting", "notifications/read")) {
      Reply r = grace.post(action, "ticket", heidi.ticket(), "id", "lobby", "ids", "1", "play_sound", "false");
      assertEquals(403, r.status(), action + ": " + r);
    }
    // Heidi's page is untouched by all that.
    heidi.ok("presence", "show", "away");
  }

  @Test
  void badInputIs400NamingTheParameterAndUnknownUsers404() {
    Page ivan = site.online("ivan");
    Reply badTo = ivan.post("message", "to", "not an id", "body", "x");
    assertEquals(400, badTo.status());
    assertEquals("to", badTo.json().getString("param"));
    assertEquals("invalid_parameter", badTo.json().getString("error"));
    Reply badType = ivan.post("message", "to", "judy", "body", "x", "type", "shout");
    assertEquals("type", badType.json().getString("param"));
    Reply noBody = ivan.post("message", "to", "judy");
    assertEquals(400, noBody.status());
    assertEquals("body", noBody.json().getString("param"));
    assertEquals("missing_parameter", noBody.json().getString("error"));
    Reply nobody = ivan.post("message", "to", "nobody", "body", "x");
    assertEquals(404, nobody.status());
    assertEquals("unknown_user", nobody.json().getString("error"));
    Reply tooLongId = ivan.get("history", "id", "x".repeat(65));
    assertEquals(400, tooLongId.status());
    assertEquals("id", tooLongId.json().getString("param"));
    Reply badShow = ivan.post("presence", "show", "sleepy");
    assertEquals("show", badShow.json().getString("param"));
    Reply badStatus = ivan.post("status", "to", "judy", "show", "dancing");
    assertEquals("show", badStatus.json().getString("param"));
    Reply badIds = ivan.get("buddies", "ids", "judy,<script>");
    assertEquals(400, badIds.status());
    assertEquals("ids", badIds.json().getString("param"));
  }

  @Test
  void aMessageThatReachedNoPageComesBackAtTheRecipientsNextOnline() {
    Page ivan = site.online("ivan");
    ivan.ok("message", "to", "judy", "body", "are you there?");
    ivan.ok("message", "to", "judy", "body", "call me");
    JsonObject judy = site.online("judy").online();
    assertEquals(List.of("are you there?", "call me"), bodies(judy.getJsonArray("new_messages")));
    JsonObject first = judy.getJsonArray("new_messages").getJsonObject(0);
    assertEquals("ivan", first.getString("from"));
    assertEquals("judy", first.getString("to"));
    assertEquals("unicast", first.getString("type"));
    assertNotNull(find(judy.getJsonArray("buddies"), "ivan"), "the sender is in buddies");
    // Delivered now: the next page load does not repeat them.
    assertEquals(new JsonArray(), site.online("judy").online().getJsonArray("new_messages"));
  }

  @Test
  void aMessageFlaggedOfflineIsAlsoKeptForTheNextOnline() {
    Page niaj = site.online("niaj");
    Page mallory = site.online("mallory");
    mallory.ok("message", "to", "niaj", "body", "flagged", "offline", "1");
    niaj.await("messages", p -> "flagged".equals(p.getString("body")));
    assertEquals(List.of("flagged"), bodies(site.online("niaj").online().getJsonArray("new_messages")));
  }

  @Test
  void typingStatusesAndPresenceReachTheBuddy() {
    Page peggy = site.online("peggy");
    Page olivia = site.online("olivia");
    olivia.ok("status", "to", "peggy", "show", "typing");
    JsonObject st = peggy.await("statuses", p -> "olivia".equals(p.getString("from")));
    assertEquals("typing", st.getString("show"));
    assertEquals("peggy", st.getString("to"));
    olivia.ok("presence", "show", "away", "status", "lunch");
    JsonObject pr = peggy.await("presences", p -> "olivia".equals(p.getString("from")) && "show".equals(p.getString("type")));
    assertEquals("away", pr.getString("show"));
    assertEquals("lunch", pr.getString("status"));
  }

  @Test
  void historyIsTheLast30OldestFirstAndClearingHidesItForTheClearerOnly() {
    Page rupert = site.online("rupert");
    for (int i = 0; i < 32; i++) {
      rupert.ok("message", "to", "sybil", "body", "m" + i);
    }
    JsonArray h = rupert.get("history", "id", "sybil").array();
    assertEquals(30, h.size());
    assertEquals("m2", h.getJsonObject(0).getString("body"));
    assertEquals("m31", h.getJsonObject(29).getString("body"));
    JsonObject hs = rupert.get("histories", "ids", "sybil,trent").json();
    assertEquals(30, hs.getJsonArray("sybil").size());
    assertEquals(0, hs.getJsonArray("trent").size());

    Page sybil = site.online("sybil", "buddy_ids", "rupert");
    assertEquals(30, sybil.online().getJsonObject("histories").getJsonArray("rupert").size());
    sybil.ok("message", "to", "rupert", "body", "enough!");
    rupert.ok("clear_history", "id", "sybil");
    assertEquals(0, rupert.get("history", "id", "sybil").array().size());
    JsonArray hers = sybil.get("history", "id", "rupert").array();
    assertEquals(30, hers.size());
    assertEquals("enough!", hers.getJsonObject(29).getString("body"));
    // Later messages show again for the one who cleared.
    sybil.ok("message", "to", "rupert", "body", "after");
    assertEquals(List.of("after"), bodies(rupert.get("history", "id", "sybil").array()));
  }

  @Test
  void downloadHistoryIsAnHtmlPageWithUserTextEscaped() {
    Page trent = site.online("trent");
    trent.ok("message", "to", "victor", "body", "<script>alert('x')</script> & <b>bold</b>");
    Reply r = trent.get("download_history", "id", "victor");
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    assertTrue(r.header("Content-Disposition").startsWith("attachment"), r.header("Content-Disposition"));
    assertTrue(r.body().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"), r.body());
    assertFalse(r.body().contains("<script>"));
    assertFalse(r.body().contains("<b>bold"));
  }

  @Test
  void refreshEndsOnePageAndOfflineEndsAll() {
    Page one = site.online("bob");
    Page two = site.online("bob");
    one.ok("refresh");
    assertEquals(403, one.post("presence", "show", "away").status(), "a refreshed page's ticket is forgotten");
    two.ok("presence", "show", "away");
    two.ok("offline");
    assertEquals(403, two.post("presence", "show", "available").status());
    Page three = site.online("bob");
    three.ok("presence", "show", "available");
  }

  @Test
  void buddiesListsPresenceAndGroups() {
    Page alice = site.online("alice");
    site.online("carol");
    JsonArray some = alice.get("buddies", "ids", "carol,erin2,victor").array();
    assertEquals(2, some.size(), "unknown ids are left out: " + some);
    assertEquals("online", find(some, "carol").getString("presence"));
    assertEquals("offline", find(some, "victor").getString("presence"));
    assertNotNull(find(some, "victor").getString("group"));
    JsonArray all = alice.get("buddies").array();
    assertEquals(17, all.size());
  }
}
