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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes of a call: JSONP, im.php, JSON bodies, CORS, size limit, errors; and notifications. */
class FormsTest {

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
  void jsonpWrapsEveryReply() {
    Page alice = site.online("alice");
    Reply r = site.get("/webim/buddies", alice.token(), TestSite.params("ids", "bob", "callback", "jQuery.cb_12$"));
    assertEquals(200, r.status());
    assertEquals("application/javascript; charset=utf-8", r.header("Content-Type"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertTrue(r.body().startsWith("jQuery.cb_12$(["), r.body());
    assertTrue(r.body().endsWith("]);"), r.body());
    JsonArray inner = new JsonArray(r.body().substring("jQuery.cb_12$(".length(), r.body().length() - 2));
    assertEquals("bob", inner.getJsonObject(0).getString("id"));

    Reply ok = site.get("/webim/presence", alice.token(),
        TestSite.params("callback", "cb", "ticket", alice.ticket(), "show", "away"));
    assertEquals("cb(\"ok\");", ok.body());

    Reply online = site.get("/webim/online", alice.token(), TestSite.params("callback", "cb"));
    assertTrue(online.body().startsWith("cb({\"success\":true"), online.body());

    Reply err = site.get("/webim/history", alice.token(), TestSite.params("callback", "cb"));
    assertEquals(400, err.status());
    assertTrue(err.body().startsWith("cb({\"error\":\"missing_parameter\""), err.body());
  }

  @Test
  void aBadCallbackIs400AndNotEchoed() {
    Page alice = site.online("alice");
    Reply r = site.get("/webim/buddies", alice.token(), TestSite.params("callback", "alert(1)//"));
    assertEquals(400, r.status());
    assertTrue(r.header("Content-Type").startsWith("application/json"));
    assertEquals("callback", r.json().getString("param"));
    assertFalse(r.body().contains("alert(1)//("));
  }

  @Test
  void theImPhpFormServesEveryAction() {
    String token = site.token("bob");
    Reply online = site.post("/webim/im.php?webim_action=online", token, TestSite.params("show", "busy"));
    assertEquals(200, online.status(), online.toString());
    JsonObject o = online.json();
    assertTrue(o.getBoolean("success"));
    assertEquals("busy", o.getJsonObject("user").getString("show"));
    String ticket = o.getJsonObject("connection").getString("ticket");
    Reply msg = site.post("/webim/im.php?webim_action=message", token,
        TestSite.params("ticket", ticket, "to", "carol", "body", "via im.php"));
    assertEquals("ok", msg.body());
    Reply hist = site.get("/webim/im.php", token, TestSite.params("webim_action", "history", "id", "carol", "callback", "cb"));
    assertTrue(hist.body().startsWith("cb([{"), hist.body());
    assertTrue(hist.body().contains("via im.php"));
    Reply noAction = site.get("/webim/im.php", token, TestSite.params());
    assertEquals(400, noAction.status());
    assertEquals("webim_action", noAction.json().getString("param"));
    Reply unknown = site.get("/webim/im.php", token, TestSite.params("webim_action", "explode"));
    assertEquals(404, unknown.status());
    assertEquals(404, site.get("/webim/explode", token, TestSite.params()).status());
    assertEquals(404, site.get("/nothing/here", token, TestSite.params()).status());
  }

  @Test
  void jsonBodiesWorkLikeForms() {
    Page dave = site.online("dave");
    Reply r = site.request("POST", "/webim/message", new JsonObject().put("ticket", dave.ticket()).put("to", "erin")
            .put("body", "json body").put("offline", 1).encode(),
        "Authorization", "Bearer " + dave.token(), "Content-Type", "application/json");
    assertEquals(200, r.status(), r.toString());
    assertEquals("json body", dave.get("history", "id", "erin").array().getJsonObject(0).getString("body"));
    Reply broken = site.request("POST", "/webim/message", "{oops", "Authorization", "Bearer " + dave.token(),
        "Content-Type", "application/json");
    assertEquals(400, broken.status());
  }

  @Test
  void onlineFailuresUseTheSuccessFalseForm() {
    Reply r = site.post("/webim/online", site.token("erin"), TestSite.params("show", "sleepy"));
    assertEquals(400, r.status());
    assertEquals(false, r.json().getBoolean("success"));
    assertTrue(r.json().getString("error_msg").contains("show"), r.body());
    Reply anonymous = site.post("/webim/online", null, TestSite.params());
    assertEquals(401, anonymous.status());
    assertEquals(false, anonymous.json().getBoolean("success"));
  }

  @Test
  void oversizedBodiesAre413() {
    Page frank = site.online("frank");
    Reply r = site.post("/webim/message", frank.token(),
        TestSite.params("ticket", frank.ticket(), "to", "erin", "body", "x".repeat(100_000)));
    assertEquals(413, r.status());
    assertEquals("too_large", r.json().getString("error"));
    // a client still sending megabytes when the 413 comes reads it, not a reset connection
    for (int i = 0; i < 20; i++) {
      Reply huge = site.post("/webim/message", frank.token(),
          TestSite.params("ticket", frank.ticket(), "to", "erin", "body", "h".repeat(4_000_000)));
      assertEquals(413, huge.status());
      assertEquals("too_large", huge.json().getString("error"));
    }
    Reply tooLongBody = frank.post("message", "to", "erin", "body", "y".repeat(20_001));
    assertEquals(400, tooLongBody.status());
    assertEquals("body", tooLongBody.json().getString("param"));
  }

  @Test
  void corsAllowsTheConfiguredOriginsWithCredentials() {
    Reply pre = site.request("OPTIONS", "/webim/online", null, "Origin", "http://site.example",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "Authorization");
    assertEquals("http://site.example", pre.header("Access-Control-Allow-Origin"));
    assertEquals("true", pre.header("Access-Control-Allow-Credentials"));
    Reply real = site.request("GET", "/webim/notifications", null, "Origin", "http://site.example",
        "Cookie", "webim_token=" + site.token("alice"));
    assertEquals(200, real.status());
    assertEquals("http://site.example", real.header("Access-Control-Allow-Origin"));
    Reply evil = site.request("GET", "/webim/notifications", null, "Origin", "http://evil.example",
        "Cookie", "webim_token=" + site.token("alice"));
    assertEquals(403, evil.status(), "a disallowed origin is refused");
    assertNotEquals("http://evil.example", evil.header("Access-Control-Allow-Origin"));
    assertNull(evil.header("Access-Control-Allow-Credentials"));
  }

  @Test
  void notificationsAreListedAndMarkedRead() {
    Page alice = site.online("alice");
    JsonArray list = alice.get("notifications").array();
    assertEquals(2, list.size());
    JsonObject newest = list.getJsonObject(0);
    assertTrue(newest.getLong("id") > list.getJsonObject(1).getLong("id"), "newest first");
    assertEquals(false, newest.getBoolean("read"));
    assertTrue(newest.containsKey("text") && newest.containsKey("link") && newest.containsKey("time"));
    assertEquals(list, alice.get("notification").array());
    alice.ok("notifications/read", "ids", newest.getLong("id").toString());
    JsonArray after = alice.get("notifications").array();
    assertEquals(true, after.getJsonObject(0).getBoolean("read"));
    assertEquals(false, after.getJsonObject(1).getBoolean("read"));
    Reply bad = alice.post("notifications/read", "ids", "one,two");
    assertEquals(400, bad.status());
    // Another user's ids are not theirs to mark.
    site.online("bob").ok("notifications/read", "ids", after.getJsonObject(1).getLong("id").toString());
    assertEquals(false, alice.get("notifications").array().getJsonObject(1).getBoolean("read"));
  }
}
