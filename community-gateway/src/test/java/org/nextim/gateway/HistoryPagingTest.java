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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /webim/history} pages backwards by id (extension): {@code before} and {@code limit}. */
class HistoryPagingTest {

  static TestSite site;

  @BeforeAll
  static void start() {
    site = TestSite.start(TestDb.h2(), true);
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  private static List<String> bodies(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("body")).toList();
  }

  private static List<String> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
  }

  @Test
  void pagesGoBackwardsOldestFirstUntilTheStart() {
    Page ivan = site.online("ivan");
    Page judy = site.online("judy");
    // Both sides talk (one sender alone would meet the router's per-user message limit: a burst of 60).
    for (int i = 0; i < 70; i++) {
      if (i % 2 == 0) {
        ivan.ok("message", "to", "judy", "body", "m" + i);
      } else {
        judy.ok("message", "to", "ivan", "body", "m" + i);
      }
    }
    JsonArray newest = ivan.get("history", "id", "judy").array();
    assertEquals(range(40, 70), bodies(newest), "the last 30, oldest first");
    JsonArray page2 = ivan.get("history", "id", "judy", "before", newest.getJsonObject(0).getString("id")).array();
    assertEquals(range(10, 40), bodies(page2));
    JsonArray page3 = ivan.get("history", "id", "judy", "before", page2.getJsonObject(0).getString("id")).array();
    assertEquals(range(0, 10), bodies(page3), "what is left");
    assertEquals(0, ivan.get("history", "id", "judy", "before", page3.getJsonObject(0).getString("id")).array().size());
    JsonArray five = judy.get("history", "id", "ivan", "before", page2.getJsonObject(0).getString("id"),
        "limit", "5").array();
    assertEquals(range(5, 10), bodies(five), "the other side pages the same conversation");
  }

  @Test
  void roomHistoryPagesForMembersAndBadPagesAre400() {
    Page alice = site.online("alice");
    for (int i = 0; i < 35; i++) {
      alice.ok("message", "type", "multicast", "to", "dev", "body", "m" + i);
    }
    JsonArray newest = alice.get("history", "id", "dev", "type", "multicast").array();
    assertEquals(range(5, 35), bodies(newest));
    JsonArray older = alice.get("history", "id", "dev", "type", "multicast", "before", newest.getJsonObject(0).getString("id"))
        .array();
    assertEquals(range(0, 5), bodies(older));
    Page erin = site.online("erin"); // not in dev
    assertEquals(403, erin.get("history", "id", "dev", "type", "multicast", "before", newest.getJsonObject(0).getString("id"))
        .status());
    for (String limit : List.of("0", "101", "ten")) {
      Reply bad = alice.get("history", "id", "dev", "type", "multicast", "limit", limit);
      assertEquals(400, bad.status(), limit);
      assertEquals("limit", bad.json().getString("param"));
    }
    Reply badBefore = alice.get("history", "id", "dev", "type", "multicast", "before", "not an id");
    assertEquals(400, badBefore.status());
    assertEquals("before", badBefore.json().getString("param"));
    assertEquals(0, alice.get("history", "id", "dev", "type", "multicast", "before", "no-such-message").array().size());
  }
}
