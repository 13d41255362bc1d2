package org.nextim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator end to end against {@link FakeRouter}, whose misbehaviour is known in advance. */
@ExtendWith(VertxExtension.class)
class GeneratorAgainstFakeRouterTest {

  private static FakeRouter deploy(Vertx vertx, FakeRouter router) throws Exception {
    GeneratorProcess.await(vertx.deployVerticle(router), 10_000);
    return router;
  }

  private static List<String> throughputArgs(FakeRouter router, String... extra) {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(router.port()),
        "--local-address", "127.0.0.2", "--users", "12", "--shards", "2", "--rate", "300",
        "--duration-seconds", "1", "--grace-seconds", "2", "--router-poll-timeout-ms", "500"));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  void everyMessageArrivesOnceAndPollsFollowTheCursor(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500));
    JsonObject result = ThroughputRun.run(BenchArgs.parse(throughputArgs(router)));

    JsonObject m = result.getJsonObject("traffic").getJsonObject("messages");
    assertEquals(300, m.getLong("scheduled"));
    assertEquals(300, m.getLong("posted"));
    assertEquals(300, m.getLong("accepted"));
    assertEquals(300, m.getLong("delivered"));
    assertEquals(0, m.getLong("lost"));
    assertEquals(0, m.getLong("duplicates"));
    assertEquals(0, m.getLong("misrouted"));
    assertEquals(300, m.getJsonObject("latency_ms").getLong("count"));
    assertEquals(12, result.getLong("held_before_send"));
    assertEquals(0, result.getJsonObject("polls").getLong("failures"));
    assertEquals(0, result.getJsonObject("polls").getLong("cursor_regressions"));
    assertTrue(result.getJsonObject("generator_cpu").getJsonObject("total").getLong("cpu_ms") > 0);

    // Each page starts at cursor 0 and then polls with the cursor of the reply before, which here only
    // grows: with 300 messages over 12 pages every page saw some.
    Map<String, List<Long>> byTicket = new HashMap<>();
    for (String s : router.cursorsSeen) {
      int colon = s.lastIndexOf(':');
      byTicket.computeIfAbsent(s.substring(0, colon), k -> new ArrayList<>()).add(Long.parseLong(s.substring(colon + 1)));
    }
    assertEquals(12, byTicket.size());
    for (List<Long> cursors : byTicket.values()) {
      assertEquals(0L, cursors.get(0));
      for (int i = 1; i < cursors.size(); i++) {
        assertTrue(cursors.get(i) >= cursors.get(i - 1), cursors.toString());
      }
      assertTrue(cursors.get(cursors.size() - 1) > 0, cursors.toString());
    }
  }

  @Test
  void countsWhatTheRouterDropsAndDuplicates(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500).dropEvery(10).duplicateEvery(7));
    JsonObject result = ThroughputRun.run(BenchArgs.parse(throughputArgs(router)));

    JsonObject m = result.getJsonObject("traffic").getJsonObject("messages");
    assertEquals(300, m.getLong("accepted"));
    assertEquals(30, m.getLong("lost"));                 // messages 10, 20, ..., 300
    assertEquals(270, m.getLong("delivered"));
    assertEquals(300 / 7 - 300 / 70, m.getLong("duplicates")); // every 7th, unless dropped
    assertEquals(30, result.getJsonObject("traffic").getLong("ack_delivered_zero"));
  }

  @Test
  void aLoginRefusedAsOverloadedIsAskedAgain(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500).refuseFirstLogins());
    JsonObject result = ThroughputRun.run(BenchArgs.parse(throughputArgs(router)));

    JsonObject logins = result.getJsonObject("logins");
    assertEquals(0, logins.getLong("failed"));
    assertEquals(logins.getLong("ok"), logins.getLong("retried"));
    JsonObject m = result.getJsonObject("traffic").getJsonObject("messages");
    assertEquals(300, m.getLong("delivered"));
    assertEquals(0, m.getLong("lost"));
  }

  @Test
  void capacityHoldsEveryPollAndSignalsReadiness(Vertx vertx, @TempDir Path dir) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(300));
    Path ready = dir.resolve("ready.json");
    JsonObject result = CapacityRun.run(BenchArgs.parse(List.of("--port", String.valueOf(router.port()),
        "--users", "40", "--first-user", "1000", "--hold-seconds", "1", "--router-poll-timeout-ms", "300",
        "--ready-file", ready.toString())));

    assertEquals(40, result.getJsonObject("logins").getLong("ok"));
    assertEquals(40, result.getJsonObject("held").getLong("at_ready"));
    assertEquals(40, new JsonObject(Files.readString(ready)).getLong("held"));
    // Polls time out every 300 ms and are renewed at once, so the page stays held through the hold.
    assertTrue(result.getJsonObject("polls").getLong("empty_replies") >= 40);
    assertEquals(0, result.getJsonObject("polls").getLong("failures"));
    assertEquals(0, result.getJsonObject("pages").getLong("relogins"));
  }

  @Test
  void multicastsReachEveryOtherMemberOfTheRoomOnce(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500).duplicateEvery(0));
    // 2 shards of 6 users, rooms of 3: every multicast owes 2 deliveries.
    JsonObject result = ThroughputRun.run(BenchArgs.parse(throughputArgs(router, "--room-size", "3")));

    assertEquals("rooms", result.getString("scenario"));
    JsonObject t = result.getJsonObject("traffic");
    JsonObject m = t.getJsonObject("messages");
    assertEquals(300, m.getLong("accepted"));
    assertEquals(600, t.getJsonObject("fanout").getLong("expected_deliveries"));
    assertEquals(600, m.getLong("delivered"));
    assertEquals(300, t.getJsonObject("fanout").getLong("complete_messages"));
    assertEquals(0, m.getLong("lost"));
    assertEquals(0, m.getLong("duplicates"));
    assertEquals(0, m.getLong("misrouted"));
  }

  @Test
  void roomsMustDivideTheShards(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500));
    // 6 users per shard do not make rooms of 4: the run reports the error instead of measuring nonsense.
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> ThroughputRun.run(BenchArgs.parse(throughputArgs(router, "--room-size", "4"))));
    assertTrue(String.valueOf(e.getMessage()).contains("rooms of 4"), e.toString());
  }

  @Test
  void churnDeliversEachPresenceToEveryWatchingBuddy(Vertx vertx) throws Exception {
    FakeRouter router = deploy(vertx, new FakeRouter(500));
    JsonObject result = ChurnRun.run(BenchArgs.parse(List.of("--port", String.valueOf(router.port()),
        "--local-address", "127.0.0.2", "--users", "40", "--buddies", "4", "--shards", "2", "--rate", "60",
        "--duration-seconds", "1", "--warmup-seconds", "1", "--grace-seconds", "2",
        "--router-poll-timeout-ms", "500")));

    JsonObject c = result.getJsonObject("churn");
    assertEquals(60, c.getLong("transitions"));
    assertEquals(60, c.getLong("ok"));
    // In a ring of 20 with 4 buddies, a churner (odd) has 2 watchers (its even neighbours).
    assertEquals(120, c.getLong("expected_presences"));
    assertEquals(120, c.getLong("delivered_presences"));
    assertEquals(0, c.getLong("lost_presences"));
    assertEquals(0, c.getLong("duplicate_presences"));
    assertEquals(120, c.getJsonObject("presence_latency_ms").getLong("count"));
  }
}
