package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nextim.gateway.store.Store;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.testing.Page;
import org.nextim.gateway.testing.Reply;
import org.nextim.gateway.testing.Seed;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway at the size of a real community: a user with 500 buddies and 50 rooms. Counts the SQL
 * statements each call sends (the store's own counter, around every connection): they must not grow
 * with the number of buddies or rooms. Run on each database ({@link QueryCountTest} on H2,
 * {@link PostgresQueryCountTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class QueryCountContract {

  static final int BUDDIES = 500;
  static final int ROOMS = 50;
  TestSite site;
  List<String> buddies;
  List<String> rooms;

  /** The database under test; called once per class. */
  abstract TestDb database();

  @BeforeAll
  void start() {
    TestDb db = database();
    site = TestSite.start(db, false);
    buddies = IntStream.range(0, BUDDIES).mapToObj(i -> String.format("b%03d", i)).toList();
    rooms = IntStream.range(0, ROOMS).mapToObj(i -> String.format("r%02d", i)).toList();
    try (Seed seed = new Seed(db)) {
      seed.users(List.of("big")).users(buddies).buddies("big", buddies);
      for (int i = 0; i < ROOMS; i++) {
        seed.room(rooms.get(i), List.of("big", buddies.get(i), buddies.get(i + 1)));
        seed.messages(LogItem.MULTICAST, buddies.get(i), rooms.get(i), 2, false);
      }
      for (int i = 0; i < 100; i++) {
        seed.messages(LogItem.UNICAST, "big", buddies.get(i), 2, false);
        seed.messages(LogItem.UNICAST, buddies.get(i), "big", 1, false);
      }
      // 40 items with b499: a history shows the last 30.
      seed.messages(LogItem.UNICAST, buddies.get(BUDDIES - 1), "big", 40, false);
      seed.messages(LogItem.UNICAST, buddies.get(200), "big", 3, true);
    }
  }

  @AfterAll
  void stop() {
    if (site != null) {
      site.close();
    }
  }

  Store.Stats stats() {
    return site.gateway().store().stats();
  }

  /** Runs {@code call} and answers the statements it sent. */
  <T> long statements(Supplier<T> call) {
    Store.Stats before = stats();
    call.get();
    return stats().minus(before).statements();
  }

  static JsonObject find(JsonArray list, String id) {
    for (int i = 0; i < list.size(); i++) {
      if (id.equals(list.getJsonObject(i).getString("id"))) {
        return list.getJsonObject(i);
      }
    }
    return null;
  }

  @Test
  @Order(1) // the first login of "big" gets its offline messages
  void onlineWith500BuddiesAnd50RoomsIsAFixedNumberOfQueries() {
    Page[] page = new Page[1];
    long n = statements(() -> page[0] = site.online("big", "buddy_ids", String.join(",", buddies),
        "room_ids", String.join(",", rooms)));
    JsonObject online = page[0].online();
    assertTrue(n <= 14, "online sent " + n + " statements");

    JsonObject histories = online.getJsonObject("histories");
    assertEquals(BUDDIES, histories.size());
    assertEquals(3, histories.getJsonArray("b000").size());
    assertEquals(List.of("m0", "m1", "m0"), histories.getJsonArray("b000").stream()
        .map(o -> ((JsonObject) o).getString("body")).toList());
    JsonArray last = histories.getJsonArray("b499");
    assertEquals(30, last.size());
    assertEquals("m10", last.getJsonObject(0).getString("body"));
    assertEquals("m39", last.getJsonObject(29).getString("body"));
    assertEquals(3, histories.getJsonArray("b200").size());
    assertEquals(0, histories.getJsonArray("b300").size());
    assertEquals(last, find(online.getJsonArray("buddies"), "b499").getJsonArray("history"));
    assertEquals(3, online.getJsonArray("new_messages").size());
    JsonObject r07 = find(online.getJsonArray("rooms"), "r07");
    assertEquals(2, r07.getJsonArray("history").size());
    assertEquals(ROOMS, online.getJsonArray("rooms").size());
  }

  @Test
  void roomsMembersAndHistoriesOfManyIdsAreAFixedNumberOfQueries() {
    Page big = site.online("big");
    String ids = String.join(",", rooms);
    Reply[] r = new Reply[1];
    long n = statements(() -> r[0] = big.get("rooms", "ids", ids));
    assertEquals(ROOMS, r[0].array().size(), r[0].toString());
    assertTrue(n <= 4, "rooms sent " + n + " statements");

    n = statements(() -> r[0] = big.get("rooms"));
    assertEquals(ROOMS, r[0].array().size());
    assertTrue(n <= 4, "rooms (all) sent " + n + " statements");

    n = statements(() -> r[0] = big.get("members", "ids", ids));
    assertEquals(ROOMS, r[0].json().size(), r[0].toString());
    assertNotNull(find(r[0].json().getJsonArray("r03"), "big"));
    assertTrue(n <= 4, "members sent " + n + " statements");

    n = statements(() -> r[0] = big.get("histories", "ids", ids, "type", "multicast"));
    assertEquals(ROOMS, r[0].json().size(), r[0].toString());
    assertEquals(2, r[0].json().getJsonArray("r10").size());
    assertTrue(n <= 4, "room histories sent " + n + " statements");

    n = statements(() -> r[0] = big.get("histories", "ids", String.join(",", buddies)));
    assertEquals(BUDDIES, r[0].json().size());
    assertTrue(n <= 4, "buddy histories sent " + n + " statements");
  }

  @Test
  void repeatedWritesOfOnePageDoNotReadTheUserOrTheTicketAgain() {
    Page big = site.online("big");
    long n = statements(() -> {
      for (int i = 0; i < 20; i++) {
        big.ok("presence", "show", i % 2 == 0 ? "away" : "available");
        big.ok("status", "to", "b001", "show", "typing");
      }
      return null;
    });
    assertTrue(n <= 4, "40 writes sent " + n + " statements");
  }
}
