package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.Seed;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A moderator with 5,000 buddies whose ids are 64 characters long: the site can give them the list, and
 * they can log in and list their buddies, end to end through the gateway and a real router (a login
 * carries the whole list to the router, ~330 KB).
 */
class LargeBuddyListTest {

  static final int BUDDIES = 5_000;
  static TestSite site;
  static List<String> ids;

  static String longId(int i) {
    String head = "buddy-" + i + "-";
    return head + "x".repeat(64 - head.length());
  }

  @BeforeAll
  static void start() {
    TestDb db = TestDb.h2();
    site = TestSite.start(db, false);
    ids = IntStream.range(0, BUDDIES).mapToObj(LargeBuddyListTest::longId).toList();
    try (Seed seed = new Seed(db)) {
      seed.users(ids);
    }
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void aUserWith5000LongBuddyIdsSetsThemLogsInAndListsThem() {
    assertEquals(64, ids.get(0).length());
    assertEquals(201, site.site("PUT", "/site/users/moderator", new JsonObject().put("nick", "Mod")).status());
    JsonArray list = new JsonArray();
    ids.forEach(list::add);
    Reply put = site.site("PUT", "/site/users/moderator/buddies", list);
    assertEquals(200, put.status(), () -> put.status() + " " + put.body().substring(0, Math.min(200, put.body().length())));

    String first = ids.get(0);
    String last = ids.get(BUDDIES - 1);
    site.online(first);
    site.online(last);
    Page mod = site.online("moderator", "buddy_ids", first);
    JsonObject online = mod.online();
    List<String> onlineIds = List.of(online.getString("buddy_online_ids").split(","));
    assertTrue(onlineIds.contains(first) && onlineIds.contains(last), online.getString("buddy_online_ids"));
    assertEquals(List.of(), online.getJsonObject("histories").getJsonArray(first).getList());

    JsonArray all = mod.get("buddies").array();
    assertEquals(BUDDIES, all.size());
    long shownOnline = all.stream().filter(o -> "online".equals(((JsonObject) o).getString("presence"))).count();
    assertEquals(2, shownOnline);
  }
}
