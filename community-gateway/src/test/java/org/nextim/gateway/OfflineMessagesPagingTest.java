package org.nextim.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.nextim.gateway.store.LogItem;
import org.nextim.gateway.testing.Seed;
import org.nextim.gateway.testing.TestDb;
import org.nextim.gateway.testing.TestSite;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Offline messages come in pages: one login returns at most {@code GATEWAY_MAX_NEW_MESSAGES} (200),
 * oldest first, and the next login the next ones. A user with more than PostgreSQL's 32,767 binds of
 * them can still log in.
 */
class OfflineMessagesPagingTest {

  private static List<String> bodies(JsonObject online) {
    JsonArray list = online.getJsonArray("new_messages");
    return list.stream().map(o -> ((JsonObject) o).getString("body")).toList();
  }

  private static List<String> range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
  }

  @Test
  void aLoginReturnsAt200OfflineMessagesOldestFirstAndTheNextLoginTheRest() {
    TestDb db = TestDb.h2();
    try (TestSite site = TestSite.start(db, false)) {
      try (Seed seed = new Seed(db)) {
        seed.users(List.of("inbox", "sender")).messages(LogItem.UNICAST, "sender", "inbox", 450, true);
      }
      assertEquals(range(0, 200), bodies(site.online("inbox").online()));
      assertEquals(range(200, 400), bodies(site.online("inbox").online()));
      assertEquals(range(400, 450), bodies(site.online("inbox").online()));
      // Nothing left, and they were in the history all along.
      JsonObject last = site.online("inbox", "buddy_ids", "sender").online();
      assertEquals(List.of(), bodies(last));
      assertEquals(range(420, 450), last.getJsonObject("histories").getJsonArray("sender").stream()
          .map(o -> ((JsonObject) o).getString("body")).toList());
    }
  }

  @Test
  void thePageSizeIsConfigurable() {
    TestDb db = TestDb.h2();
    try (TestSite site = TestSite.start(db, c -> c.setMaxNewMessages(3))) {
      try (Seed seed = new Seed(db)) {
        seed.users(List.of("inbox", "sender")).messages(LogItem.UNICAST, "sender", "inbox", 5, true);
      }
      assertEquals(range(0, 3), bodies(site.online("inbox").online()));
      assertEquals(range(3, 5), bodies(site.online("inbox").online()));
    }
  }

  @Test
  void aUserWithMoreOfflineMessagesThanPostgresBindsLogsIn() {
    TestDb db = TestDb.postgres();
    try (TestSite site = TestSite.start(db, false)) {
      try (Seed seed = new Seed(db)) {
        seed.users(List.of("inbox", "sender")).messages(LogItem.UNICAST, "sender", "inbox", 40_000, true);
      }
      assertEquals(range(0, 200), bodies(site.online("inbox").online()));
      assertEquals(range(200, 400), bodies(site.online("inbox").online()));
    }
  }
}
