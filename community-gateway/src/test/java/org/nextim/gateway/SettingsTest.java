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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings: defaults, replace with {@code data=<json>}, merge of single keys, and their errors. */
class SettingsTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  static JsonObject defaults() {
    return new JsonObject().put("blocked_rooms", new JsonArray()).put("play_sound", true).put("buddy_sticky", true)
        .put("minimize_layout", true).put("msg_auto_pop", true);
  }

  @Test
  void readReplaceAndMerge() {
    Page alice = site.online("alice");
    assertEquals(defaults(), alice.get("setting").json());

    alice.ok("setting", "data", new JsonObject().put("play_sound", false).put("theme", "dark")
        .put("blocked_rooms", new JsonArray().add("music")).encode());
    assertEquals(defaults().put("play_sound", false).put("theme", "dark").put("blocked_rooms", new JsonArray().add("music")),
        alice.get("setting").json());

    // Replacing drops what the new document lacks (back to the defaults).
    alice.ok("setting", "data", new JsonObject().put("msg_auto_pop", false).encode());
    assertEquals(defaults().put("msg_auto_pop", false), alice.get("setting").json());

    // Single keys merge; JSON-looking values are JSON.
    alice.ok("setting", "buddy_sticky", "false", "theme", "light", "volume", "7");
    assertEquals(defaults().put("msg_auto_pop", false).put("buddy_sticky", false).put("theme", "light").put("volume", 7),
        alice.get("setting").json());

    // The next online carries them.
    assertEquals(alice.get("setting").json(), site.online("alice").online().getJsonObject("setting"));
  }

  @Test
  void settingsAreWrittenOverJsonpGetToo() {
    Page bob = site.online("bob");
    Reply r = site.get("/webim/setting", bob.token(),
        TestSite.params("callback", "cb", "ticket", bob.ticket(), "play_sound", "false"));
    assertEquals(200, r.status());
    assertEquals("cb(\"ok\");", r.body());
    assertEquals(false, bob.get("setting").json().getBoolean("play_sound"));
    // By the cookie, a write without the ticket is refused, even as JSONP; by Bearer it needs none (spec 3.1).
    Reply noTicket = site.request("GET", "/webim/setting?callback=cb&play_sound=true", null,
        "Cookie", "webim_token=" + bob.token());
    assertEquals(400, noTicket.status());
    Reply bearer = site.get("/webim/setting", bob.token(), TestSite.params("callback", "cb", "play_sound", "true"));
    assertEquals("cb(\"ok\");", bearer.body());
  }

  @Test
  void badSettingsAre400() {
    Page carol = site.online("carol");
    Reply notJson = carol.post("setting", "data", "{not json");
    assertEquals(400, notJson.status());
    assertEquals("data", notJson.json().getString("param"));
    Reply array = carol.post("setting", "data", "[1,2]");
    assertEquals(400, array.status());
    Reply nothing = carol.post("setting");
    assertEquals(400, nothing.status());
    assertTrue(nothing.json().getString("message").contains("data"));
    assertEquals(defaults(), carol.get("setting").json());
  }
}
