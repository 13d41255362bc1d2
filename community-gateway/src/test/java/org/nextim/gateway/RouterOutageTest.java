package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A router outage answers 502 and loses nothing: the message waits as an offline message. */
class RouterOutageTest {

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
  void aMessageSentDuringAnOutageIsDeliveredAtTheNextOnline() {
    Page alice = site.online("alice");
    site.online("bob");
    int port = site.routerPort();
    site.stopRouter();

    Reply r = alice.post("message", "to", "bob", "body", "sent while the router was down");
    assertEquals(502, r.status(), r.toString());
    assertEquals("router_unavailable", r.json().getString("error"));
    assertEquals(true, r.json().getBoolean("kept"), "stored: the widget shows it as saved, not as failed");
    assertEquals(502, alice.post("presence", "show", "away").status());
    Reply online = site.post("/webim/online", site.token("carol"), org.nextim.gateway.testing.TestSite.params());
    assertEquals(502, online.status());
    assertEquals(false, online.json().getBoolean("success"));
    // Reads that need no router still work.
    assertEquals(1, alice.get("history", "id", "bob").array().size());

    site.startRouter(port);
    JsonArray fresh = site.online("bob").online().getJsonArray("new_messages");
    assertEquals(1, fresh.size());
    assertEquals(r.json().getString("id"), fresh.getJsonObject(0).getString("id"));
    assertEquals("sent while the router was down", fresh.getJsonObject(0).getString("body"));
    assertEquals("alice", fresh.getJsonObject(0).getString("from"));
  }
}
