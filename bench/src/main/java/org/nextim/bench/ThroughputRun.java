package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput: {@code --users} users hold polls while the generator sends {@code --rate} unicast
 * messages per second between random pairs of them for {@code --duration-seconds}, then waits up to
 * {@code --grace-seconds} for the last deliveries and reports loss, duplicates and latency.
 */
public final class ThroughputRun {

  private static final Logger log = LoggerFactory.getLogger(ThroughputRun.class);

  private ThroughputRun() {
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    ShardSettings settings = ShardSettings.from(args, 1000, 0, 2);
    long rate = args.longValue("rate", 1000, 1, 10_000_000);
    long durationSeconds = args.longValue("duration-seconds", 20, 1, 3600);
    long graceSeconds = args.longValue("grace-seconds", 5, 0, 600);
    long warmupSeconds = args.longValue("warmup-seconds", 0, 0, 600);
    boolean ack = args.bool("ack", true);
    // Per shard. Beyond it scheduled messages are skipped and counted: an overloaded router then shows as
    // "sent/s below target" instead of an ever-growing client-side queue that the generator pays for.
    int maxInFlight = args.integer("max-in-flight", 1000, 1, 1_000_000);
    int bodyBytes = args.integer("body-bytes", 32, 1, 1_000_000);
    long seed = args.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    long settleTimeoutMs = args.longValue("settle-timeout-ms", 15_000, 0, 600_000);
    long loginTimeoutMs = args.longValue("login-timeout-ms", 300_000, 1_000, 3_600_000);
    boolean logout = args.bool("logout", true);
    // Multicast traffic: users form rooms of this many members (0: unicast between random pairs).
    int roomSize = args.integer("room-size", 0, 0, 100_000);
    // Unicast only between users of the same node (user n talks to node n % nodes): on a cluster no
    // message crosses between nodes, so what the second JVM costs shows apart from what the link costs.
    boolean sameNode = args.bool("same-node", false);
    args.rejectUnknown();

    ProcessCpu cpu0 = ProcessCpu.now();
    JsonObject out = new JsonObject().put("scenario", roomSize > 0 ? "rooms" : "throughput").put("parameters", args.effective());
    try (GeneratorProcess<ThroughputShard> gen = new GeneratorProcess<>(settings.shards(),
        i -> new ThroughputShard(i, settings, seed, roomSize, sameNode))) {
      LoginWave.Result logins = gen.awaitLogins(loginTimeoutMs);
      long held = gen.awaitHeld(logins.ok(), settleTimeoutMs);
      log.info("{} users logged in, {} polls held; sending {} msg/s for {} s", logins.ok(), held, rate,
          durationSeconds);

      JsonObject warmup = null;
      if (warmupSeconds > 0) {
        // The same load, unrecorded, so that JIT compilation (ours and the router's) is not measured.
        TrafficResult w = send(gen, rate, warmupSeconds, Math.min(graceSeconds, 2), ack, maxInFlight, bodyBytes);
        // Warm-up messages still on their way when its short grace ends are not lost, merely unrecorded.
        warmup = new JsonObject().put("seconds", warmupSeconds).put("posted", w.deliveries().posted())
            .put("delivered_within_grace", w.deliveries().delivered());
        log.info("warm-up: sent {}, delivered {}", w.deliveries().posted(), w.deliveries().delivered());
      }
      ProcessCpu cpuSend = ProcessCpu.now();
      long trafficStartedAtMs = System.currentTimeMillis();
      TrafficResult traffic = send(gen, rate, durationSeconds, graceSeconds, ack, maxInFlight, bodyBytes);
      ProcessCpu cpuEnd = ProcessCpu.now();
      long trafficEndedAtMs = System.currentTimeMillis();

      DeliverySummary d = traffic.deliveries();
      log.info("sent {} ({}/s), delivered {}, lost {}, duplicates {}, p99 {} ms", d.posted(),
          Math.round(traffic.sentPerSecond()), d.delivered(), d.lost(), d.duplicates(),
          LatencySummary.toJson(d.latencyMicros()).getDouble("p99"));
      out.put("logins", logins.toJson())
          .put("held_before_send", held)
          .put("warmup", warmup)
          .put("target_per_second", rate)
          .put("traffic_started_at_ms", trafficStartedAtMs)
          .put("traffic_ended_at_ms", trafficEndedAtMs)
          .put("traffic", traffic.toJson())
          .put("polls", gen.pollStats().toJson())
          .put("pages", gen.reloginCounts())
          .put("generator_cpu", new JsonObject()
              .put("total", cpuEnd.since(cpu0))
              .put("traffic", cpuEnd.since(cpuSend)));
      gen.shutdown(logout, 60_000);
    }
    return out;
  }

  private static TrafficResult send(GeneratorProcess<ThroughputShard> gen, long rate, long seconds, long graceSeconds,
                                    boolean ack, int maxInFlight, int bodyBytes) throws Exception {
    // A common start a little ahead, so every shard begins on the same schedule.
    long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    TrafficPlan plan = new TrafficPlan(startNanos, (double) rate / gen.shards().size(),
        TimeUnit.SECONDS.toNanos(seconds), TimeUnit.SECONDS.toNanos(graceSeconds), ack, maxInFlight, bodyBytes);
    List<Future<TrafficResult>> runs = new ArrayList<>();
    gen.shards().forEach(s -> runs.add(s.run(plan)));
    TrafficResult traffic = null;
    long deadline = TimeUnit.SECONDS.toMillis(seconds + graceSeconds + 60);
    for (Future<TrafficResult> f : runs) {
      TrafficResult r = GeneratorProcess.await(f, deadline);
      traffic = traffic == null ? r : traffic.merge(r);
    }
    return traffic;
  }
}
