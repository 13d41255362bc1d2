package org.nextim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportTest {

  private static JsonObject capacityGen(int users, long start, long end, long[][] timeline) {
    JsonArray t = new JsonArray();
    for (long[] s : timeline) {
      t.add(new JsonArray().add(s[0]).add(s[1]));
    }
    Histogram h = LatencySummary.newHistogram();
    h.recordValue(2000);
    return new JsonObject()
        .put("scenario", "capacity")
        .put("logins", new LoginWave.Result(users, 0, 0, start, end, h).toJson())
        .put("held", new JsonObject().put("users", users).put("at_ready", users).put("at_end", users)
            .put("ready_at_ms", end + 100).put("hold_ended_at_ms", 20_000L).put("timeline", t))
        .put("polls", new PollStats().toJson())
        .put("pages", new JsonObject().put("relogins", 1).put("relogin_failures", 0))
        .put("generator_cpu", new JsonObject().put("total", new JsonObject().put("cpu_ms", 1500)));
  }

  @Test
  void capacityAddsProcessesUpAtTheMeasurementInstant() {
    JsonObject g1 = capacityGen(1000, 1_000, 2_000, new long[][] {{2_000, 900}, {3_000, 1000}, {4_000, 990}});
    JsonObject g2 = capacityGen(1000, 1_500, 3_000, new long[][] {{2_500, 500}, {3_500, 1000}, {4_500, 1000}});
    JsonObject router = new JsonObject()
        .put("idle", new JsonObject().put("heap_used_kb", 10_000).put("rss_kb", 100_000))
        .put("loaded", new JsonObject().put("heap_used_kb", 30_000).put("rss_kb", 200_000).put("at_ms", 4_000));
    RouterSamples samples = RouterSamples.parse(List.of("1000 0 100000 50", "3000 200 150000 2050",
        "5000 220 200000 2060", "garbage"), 100);

    JsonObject r = RunReport.capacity(router, List.of(g1, g2), samples);
    JsonObject t = r.getJsonObject("totals");
    assertEquals(2000, t.getLong("logins_ok"));
    assertEquals(2000, t.getLong("login_window_ms"));        // 1.0 s to 3.0 s across both processes
    assertEquals(1000.0, t.getDouble("login_per_second"));
    assertEquals(1990, t.getLong("held_at_router_measurement")); // 990 (t=4000) + 1000 (t=3500)
    assertEquals(1990, t.getLong("held_min_while_all_holding")); // window from 3100 on
    assertEquals(3000, t.getLong("generator_cpu_ms"));
    assertEquals(20_000 * 1024 / 1990, r.getJsonObject("router_per_held_poll").getLong("heap_bytes"));
    assertEquals(100_000 * 1024 / 1990, r.getJsonObject("router_per_held_poll").getLong("rss_bytes"));
    assertEquals(100.0, r.getJsonObject("router_process").getDouble("logins_percent_of_one_core"));
    assertEquals(1.0, r.getJsonObject("router_process").getDouble("cpu_ms_per_login")); // 2000 ms / 2000
    assertEquals(2060, r.getJsonObject("router_process").getLong("max_open_files"));
    assertEquals(2, r.getJsonObject("poll_counts").getLong("relogins"));

    String md = RunReport.markdown(r);
    assertTrue(md.contains("| polls held at router measurement | 1990 |"), md);
    assertTrue(md.contains("| router heap per held poll | 10291 bytes |"), md);
  }

  @Test
  void throughputMakesOneRowPerRateLevelInRateOrder() {
    JsonObject low = throughputGen(1000, 20_000, 19_990, 3);
    JsonObject high = throughputGen(5000, 100_000, 99_000, 0);
    JsonObject failed = new JsonObject().put("parameters", new JsonObject().put("rate", 20000))
        .put("error", "java.util.concurrent.TimeoutException");
    RouterSamples samples = RouterSamples.parse(List.of("10000 0 1 1 500", "30000 1000 2048 1 4500"), 100);

    JsonObject r = RunReport.throughput(new JsonObject(), List.of(high, failed, low), samples);
    JsonArray levels = r.getJsonArray("levels");
    assertEquals(3, levels.size());
    JsonObject first = levels.getJsonObject(0);
    assertEquals(1000, first.getLong("target_per_second"));
    assertEquals(10, first.getLong("lost"));
    assertEquals(3, first.getLong("duplicates"));
    assertEquals(999.5, first.getDouble("delivered_per_second"));
    assertEquals(50.0, first.getDouble("router_cpu_percent_of_one_core"));
    assertEquals(500.3, first.getDouble("router_cpu_us_per_message")); // 10 s of CPU for 19,990 messages
    assertEquals(200.0, first.getDouble("machine_cpu_percent_of_one_core")); // 40 s busy in 20 s: 2 cores
    assertEquals(110.0, first.getDouble("others_cpu_percent_of_one_core"));
    assertEquals(5000, levels.getJsonObject(1).getLong("target_per_second"));
    assertTrue(levels.getJsonObject(2).containsKey("error"));

    String md = RunReport.markdown(r);
    assertTrue(md.contains("| 1000 | 1000.0 | 999.5 | 10 | 3 | 0 | 0 |"), md);
    assertTrue(md.contains("| 20000 | error: java.util.concurrent.TimeoutException"), md);
    // server CPU %, µs/msg, generator CPU %, others' CPU % (machine - server - generator), machine CPU %
    assertTrue(md.contains("| 50.0 | 500.3 | 40.0 | 110.0 | 200.0 |"), md);
  }

  private static JsonObject throughputGen(long rate, long posted, long delivered, long dups) {
    Histogram lat = LatencySummary.newHistogram();
    lat.recordValue(1500);
    DeliverySummary d = new DeliverySummary(posted, 0, posted, posted, 0, 0, delivered, posted - delivered, 0,
        dups, 0, 0, lat);
    TrafficResult t = new TrafficResult(d, LatencySummary.newHistogram(), 0, Map.of(), 0, 0, 0, 20_000_000_000L);
    return new JsonObject()
        .put("target_per_second", rate)
        .put("traffic_started_at_ms", 10_000L)
        .put("traffic_ended_at_ms", 30_000L)
        .put("traffic", t.toJson())
        .put("polls", new PollStats().toJson())
        .put("generator_cpu", new JsonObject().put("traffic", new JsonObject().put("cpu_percent_of_one_core", 40.0)));
  }

  @Test
  void reportCommandReadsARunDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("gen-rate-1000.json"), throughputGen(1000, 20_000, 20_000, 0).encode());
    Files.writeString(dir.resolve("router.json"), new JsonObject().put("command", "java -jar x").encode());
    Files.writeString(dir.resolve("router-samples.txt"), "10000 0 1 1\n30000 400 1 1\n");
    Path md = dir.resolve("summary.md");
    JsonObject r = RunReport.run(BenchArgs.parse(List.of("--run-dir", dir.toString(), "--scenario", "throughput",
        "--out-md", md.toString())));
    assertEquals(1, r.getJsonArray("levels").size());
    assertEquals(20.0, r.getJsonArray("levels").getJsonObject(0).getDouble("router_cpu_percent_of_one_core"));
    assertTrue(Files.readString(md).startsWith("# Throughput"));
  }

  @Test
  void latencySummaryIsInMilliseconds() {
    Histogram h = LatencySummary.newHistogram();
    for (int i = 1; i <= 1000; i++) {
      LatencySummary.recordMicros(h, i * 1000L);
    }
    LatencySummary.recordMicros(h, -5); // clock skew never breaks the histogram
    JsonObject j = LatencySummary.toJson(h);
    assertEquals(1001, j.getLong("count"));
    assertEquals(500.0, j.getDouble("p50"), 1.0);
    assertEquals(990.0, j.getDouble("p99"), 1.0);
    assertEquals(1000.0, j.getDouble("max"), 1.0);
    assertEquals(0.0, LatencySummary.toJson(LatencySummary.newHistogram()).getDouble("p99"));
  }
}
