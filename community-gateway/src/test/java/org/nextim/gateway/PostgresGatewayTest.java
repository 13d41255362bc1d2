package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole gateway on PostgreSQL (demo data, migrations, the main flows): {@code GATEWAY_TEST_PG_URL},
 * else an embedded one.
 */
class PostgresGatewayTest {

  @Test
  void conversationOfflineMessagesRoomsAndSettingsOnPostgres() {
    try (TestSite site = TestSite.start(TestDb.postgres(), true)) {
      run(site);
    }
  }

  private static void run(TestSite site) {
    Page bob = site.online("bob");
    Page alice = site.online("alice", "buddy_ids", "bob");
    alice.ok("message", "to", "bob", "body", "hi bob");
    assertEquals("hi bob", bob.await("messages", p -> "alice".equals(p.getString("from"))).getString("body"));
    alice.ok("message", "to", "judy", "body", "for later");
    JsonArray fresh = site.online("judy").online().getJsonArray("new_messages");
    assertEquals(List.of("for later"), fresh.stream().map(m -> ((JsonObject) m).getString("body")).toList());
    assertEquals(0, site.online("judy").online().getJsonArray("new_messages").size());

    alice.ok("message", "type", "multicast", "to", "dev", "body", "to dev");
    assertEquals("to dev", bob.await("messages", p -> "multicast".equals(p.getString("type"))).getString("body"));
    assertEquals(403, site.online("erin").get("history", "id", "dev", "type", "multicast").status());

    alice.ok("setting", "data", new JsonObject().put("play_sound", false).encode());
    alice.ok("setting", "theme", "dark");
    JsonObject s = alice.get("setting").json();
    assertEquals(false, s.getBoolean("play_sound"));
    assertEquals("dark", s.getString("theme"));

    alice.ok("clear_history", "id", "bob");
    assertEquals(0, alice.get("history", "id", "bob").array().size());
    assertEquals(1, bob.get("history", "id", "alice").array().size());

    Reply created = site.site("PUT", "/site/users/pg-user", new JsonObject().put("nick", "PG"));
    assertEquals(201, created.status());
    assertEquals(201, site.site("POST", "/site/users/pg-user/notifications", new JsonObject().put("text", "hello")).status());
    assertEquals(1, site.online("pg-user").get("notifications").array().size());
  }
}
