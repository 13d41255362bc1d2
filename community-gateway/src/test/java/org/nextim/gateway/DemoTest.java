package org.nextim.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Demo mode: seeded site and {@code POST /demo/login}. */
class DemoTest {

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
  void demoLoginSignsAUserInWithTheSeededData() {
    Reply login = site.request("POST", "/demo/login", new JsonObject().put("id", "alice").encode(),
        "Content-Type", "application/json");
    assertEquals(200, login.status(), login.toString());
    String token = login.json().getString("token");
    assertEquals(3, token.split("\\.").length);
    assertTrue(login.header("Set-Cookie").startsWith("webim_token=" + token), login.header("Set-Cookie"));

    Reply online = site.post("/webim/online", token, TestSite.params());
    JsonObject o = online.json();
    assertEquals("Alice", o.getJsonObject("user").getString("nick"));
    assertEquals(3, o.getJsonArray("rooms").size());
    assertEquals(17, site.get("/webim/buddies", token, TestSite.params()).array().size());
    assertTrue(site.get("/webim/buddies", token, TestSite.params()).array().stream()
        .map(b -> ((JsonObject) b).getString("group")).allMatch(g -> "friend".equals(g) || "colleague".equals(g)));
    assertTrue(site.get("/webim/notifications", token, TestSite.params()).array().size() >= 1);

    Reply viaCookie = site.request("GET", "/webim/buddies", null, "Cookie", "webim_token=" + token);
    assertEquals(200, viaCookie.status());
    Reply form = site.post("/demo/login", null, TestSite.params("id", "bob"));
    assertEquals(200, form.status());
  }

  @Test
  void demoLoginNeedsAValidId() {
    Reply r = site.request("POST", "/demo/login", new JsonObject().put("id", "no such id!").encode(),
        "Content-Type", "application/json");
    assertEquals(400, r.status());
    assertEquals("id", r.json().getString("param"));
  }
}
