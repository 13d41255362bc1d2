package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What another site's page can make a browser do with the user's cookie (spec 3.1): no JSONP read
 * without the page's ticket, no write without it; a Bearer call needs none; CORS only for the
 * configured origins, exactly; JSON never sniffed as a script.
 */
class CrossSiteTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  /** Every read action, with the parameters it needs. */
  static final Map<String, List<String>> READS = Map.of(
      "history", List.of("id", "bob"),
      "histories", List.of("ids", "bob"),
      "buddies", List.of(),
      "setting", List.of(),
      "notifications", List.of(),
      "download_history", List.of("id", "bob"),
      "rooms", List.of(),
      "members", List.of("ids", "dev"),
      "online", List.of());

  private static String query(List<String> kv, String... more) {
    StringBuilder q = new StringBuilder();
    List<String> all = new java.util.ArrayList<>(kv);
    all.addAll(List.of(more));
    for (int i = 0; i + 1 < all.size(); i += 2) {
      q.append(q.length() == 0 ? "?" : "&").append(all.get(i)).append('=').append(all.get(i + 1));
    }
    return q.toString();
  }

  private static Reply byCookie(String method, String path, String token, String body, String... headers) {
    List<String> h = new java.util.ArrayList<>(List.of("Cookie", "webim_token=" + token));
    if (body != null) {
      h.addAll(List.of("Content-Type", "application/x-www-form-urlencoded"));
    }
    h.addAll(List.of(headers));
    return site.request(method, path, body, h.toArray(String[]::new));
  }

  @Test
  void aJsonpReadByCookieNeedsThePagesTicket() {
    Page alice = site.online("alice");
    Page bob = site.online("bob");
    for (Map.Entry<String, List<String>> read : READS.entrySet()) {
      String action = read.getKey();
      Reply noTicket = byCookie("GET", "/webim/" + action + query(read.getValue(), "callback", "steal"), alice.token(), null);
      assertEquals(403, noTicket.status(), action + ": " + noTicket);
      assertTrue(noTicket.body().contains("ticket_required"), action + ": " + noTicket);
      Reply othersTicket = byCookie("GET", "/webim/" + action + query(read.getValue(), "callback", "steal", "ticket", bob.ticket()),
          alice.token(), null);
      assertEquals(403, othersTicket.status(), action + ": " + othersTicket);
      Reply imPhp = byCookie("GET", "/webim/im.php" + query(read.getValue(), "webim_action", action, "callback", "steal"),
          alice.token(), null);
      assertEquals(403, imPhp.status(), action + " via im.php: " + imPhp);
      Reply own = byCookie("GET", "/webim/" + action + query(read.getValue(), "callback", "cb", "ticket", alice.ticket()),
          alice.token(), null);
      assertEquals(200, own.status(), action + ": " + own);
      // Plain JSON by cookie stays open (CORS guards it); JSONP by Bearer needs no ticket.
      assertEquals(200, byCookie("GET", "/webim/" + action + query(read.getValue()), alice.token(), null).status(), action);
      assertEquals(200, site.request("GET", "/webim/" + action + query(read.getValue(), "callback", "cb"), null,
          "Authorization", "Bearer " + alice.token()).status(), action);
    }
  }

  @Test
  void theBundlesSettingAndClearHistoryNeedNoTicketByBearer() {
    Page carol = site.online("carol");
    carol.ok("message", "to", "dave", "body", "to be cleared");
    String token = carol.token();
    // What the original bundle sends (through the site plugin, which adds the Bearer token).
    Reply setting = site.post("/webim/im.php?webim_action=setting", token,
        TestSite.params("data", new JsonObject().put("play_sound", false).encode()));
    assertEquals(200, setting.status(), setting.toString());
    assertEquals("ok", setting.body());
    assertEquals(false, carol.get("setting").json().getBoolean("play_sound"));
    Reply clear = site.post("/webim/im.php?webim_action=clear_history", token, TestSite.params("id", "dave", "type", "unicast"));
    assertEquals(200, clear.status(), clear.toString());
    assertEquals(0, carol.get("history", "id", "dave").array().size());
    assertEquals(200, site.post("/webim/notifications/read", token, TestSite.params("ids", "1")).status());
    // A ticket that is given is checked all the same.
    Page dave = site.online("dave");
    Reply stolen = site.post("/webim/setting", token, TestSite.params("ticket", dave.ticket(), "play_sound", "true"));
    assertEquals(403, stolen.status(), stolen.toString());
    // Calls that pass the ticket on to the router still need it.
    assertEquals(400, site.post("/webim/presence", token, TestSite.params("show", "away")).status());
  }

  @Test
  void writesByCookieStillNeedTheTicket() {
    Page erin = site.online("erin");
    Page frank = site.online("frank");
    String data = "data=" + java.net.URLEncoder.encode("{\"play_sound\":false}", java.nio.charset.StandardCharsets.UTF_8);
    Reply none = byCookie("POST", "/webim/setting", erin.token(), data);
    assertEquals(400, none.status(), none.toString());
    assertEquals("ticket", none.json().getString("param"));
    assertEquals(400, byCookie("POST", "/webim/clear_history", erin.token(), "id=frank&type=unicast").status());
    assertEquals(400, byCookie("GET", "/webim/setting?play_sound=false&callback=cb", erin.token(), null).status());
    assertEquals(403, byCookie("POST", "/webim/setting", erin.token(), data + "&ticket=" + frank.ticket()).status());
    Reply own = byCookie("POST", "/webim/setting", erin.token(), data + "&ticket=" + erin.ticket());
    assertEquals(200, own.status(), own.toString());
    assertEquals(false, erin.get("setting").json().getBoolean("play_sound"));
  }

  @Test
  void corsMatchesTheConfiguredOriginsExactly() {
    String cookie = "webim_token=" + site.token("alice");
    for (String origin : List.of("http://site.example/x", "http://site.example/.evil", "HTTP://SITE.EXAMPLE",
        "http://Site.example", "http://site.example.evil.com", "http://site.example:80", "http://evil.site.example",
        "https://site.example", "null", "http://site.exampl", "http://site.example/")) {
      Reply real = site.request("GET", "/webim/notifications", null, "Origin", origin, "Cookie", cookie);
      assertEquals(403, real.status(), origin + ": " + real);
      assertNull(real.header("Access-Control-Allow-Origin"), origin);
      assertNull(real.header("Access-Control-Allow-Credentials"), origin);
      Reply pre = site.request("OPTIONS", "/webim/message", null, "Origin", origin,
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Authorization");
      assertNull(pre.header("Access-Control-Allow-Origin"), origin + " preflight: " + pre);
      assertNull(pre.header("Access-Control-Allow-Credentials"), origin + " preflight");
    }
    Reply ok = site.request("GET", "/webim/notifications", null, "Origin", "http://site.example", "Cookie", cookie);
    assertEquals(200, ok.status());
    assertEquals("http://site.example", ok.header("Access-Control-Allow-Origin"));
    assertEquals("true", ok.header("Access-Control-Allow-Credentials"));
  }

  @Test
  void repliesAreNeverSniffed() {
    Page grace = site.online("grace");
    Reply json = grace.get("buddies");
    assertEquals("nosniff", json.header("X-Content-Type-Options"), "JSON");
    Reply error = grace.get("history");
    assertEquals(400, error.status());
    assertEquals("nosniff", error.header("X-Content-Type-Options"), "JSON error");
    assertEquals("nosniff", site.post("/webim/presence", grace.token(),
        TestSite.params("ticket", grace.ticket(), "show", "away")).header("X-Content-Type-Options"), "ok");
    assertEquals("nosniff", site.request("GET", "/nothing", null).header("X-Content-Type-Options"), "404");
    assertEquals("nosniff", site.request("GET", "/health", null).header("X-Content-Type-Options"), "health");
    assertEquals("nosniff", site.site("PUT", "/site/users/zed", new JsonObject().put("nick", "Zed"))
        .header("X-Content-Type-Options"), "site API");
  }
}
