package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Liveness and readiness: the database answers and the router takes traffic, each check reported. */
class HealthTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static String statusOf(JsonObject health, String check) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (check.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i).getString("status");
      }
    }
    throw new AssertionError("no check " + check + " in " + health);
  }

  @Test
  void readyWhileTheDatabaseAndTheRouterAnswerAndNotWithoutTheRouter() {
    Reply live = site.get("/health/live", null, Map.of());
    assertEquals(200, live.status(), live.toString());
    assertEquals("UP", live.json().getString("status"));
    assertEquals("ok", site.get("/health", null, Map.of()).body());

    Reply ready = site.get("/health/ready", null, Map.of());
    assertEquals(200, ready.status(), ready.toString());
    assertEquals("UP", ready.json().getString("status"));
    assertEquals("UP", statusOf(ready.json(), "database"));
    assertEquals("UP", statusOf(ready.json(), "router"));

    int port = site.routerPort();
    site.stopRouter();
    try {
      Reply down = site.get("/health/ready", null, Map.of());
      assertEquals(503, down.status(), down.toString());
      assertEquals("DOWN", down.json().getString("status"));
      assertEquals("UP", statusOf(down.json(), "database"));
      assertEquals("DOWN", statusOf(down.json(), "router"));
      assertEquals(200, site.get("/health/live", null, Map.of()).status(), "alive all the same");
    } finally {
      site.startRouter(port);
    }
    assertEquals(200, site.get("/health/ready", null, Map.of()).status());
  }
}
