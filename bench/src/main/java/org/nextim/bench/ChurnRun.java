package org.nextim.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Presence churn: {@code --users} users with {@code --buddies} buddies each log in and hold polls; then
 * half of them (the churners) log out and in again at {@code --rate} transitions per second for
 * {@code --duration-seconds}, and the generator checks that each transition's presence reaches every
 * buddy that stayed online, once.
 */
public final class ChurnRun {

  private static final Logger log = LoggerFactory.getLogger(ChurnRun.class);

  private ChurnRun() {
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    ShardSettings settings = ShardSettings.from(args, 2000, 20, 2);
    long rate = args.longValue("rate", 200, 1, 1_000_000);
    long durationSeconds = args.longValue("duration-seconds", 15, 1, 3600);
    long graceSeconds = args.longValue("grace-seconds", 5, 0, 600);
    long warmupSeconds = args.longValue("warmup-seconds", 3, 0, 600);
    int maxInFlight = args.integer("max-in-flight", 1000, 1, 1_000_000);
    long seed = args.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    long settleTimeoutMs = args.longValue("settle-timeout-ms", 15_000, 0, 600_000);
    long loginTimeoutMs = args.longValue("login-timeout-ms", 300_000, 1_000, 3_600_000);
    boolean logout = args.bool("logout", true);
    args.rejectUnknown();
    if (settings.population().buddiesPerUser() / 2 > 64) {
      throw new IllegalArgumentException("--buddies: at most 128");
    }

    ProcessCpu cpu0 = ProcessCpu.now();
    JsonObject out = new JsonObject().put("scenario", "churn").put("parameters", args.effective());
    try (GeneratorProcess<ChurnShard> gen = new GeneratorProcess<>(settings.shards(),
        i -> new ChurnShard(i, settings, seed))) {
      LoginWave.Result logins = gen.awaitLogins(loginTimeoutMs);
      long held = gen.awaitHeld(logins.ok(), settleTimeoutMs);
      // Presences of the login wave still on their way would count as unmatched: let them land.
      Thread.sleep(1000);
      log.info("{} users logged in, {} polls held; {} logins+logouts/s for {} s", logins.ok(), held, rate,
          durationSeconds);
      JsonObject warmup = null;
      if (warmupSeconds > 0) {
        // The same churn, unrecorded, so that JIT compilation (ours and the router's) is not measured.
        ChurnShard.Result w = churn(gen, rate, warmupSeconds, Math.min(graceSeconds, 2), maxInFlight);
        warmup = new JsonObject().put("seconds", warmupSeconds).put("transitions", w.presences().transitions());
      }
      ProcessCpu cpuSend = ProcessCpu.now();
      long startedAtMs = System.currentTimeMillis();
      ChurnShard.Result merged = churn(gen, rate, durationSeconds, graceSeconds, maxInFlight);
      ProcessCpu cpuEnd = ProcessCpu.now();
      long endedAtMs = System.currentTimeMillis();
      JsonObject churn = merged.toJson();
      log.info("churn: {}", churn.encode());
      out.put("logins", logins.toJson())
          .put("held_before_churn", held)
          .put("warmup", warmup)
          .put("target_per_second", rate)
          .put("traffic_started_at_ms", startedAtMs)
          .put("traffic_ended_at_ms", endedAtMs)
          .put("churn", churn)
          .put("polls", gen.pollStats().toJson())
          .put("pages", gen.reloginCounts())
          .put("generator_cpu", new JsonObject()
              .put("total", cpuEnd.since(cpu0))
              .put("traffic", cpuEnd.since(cpuSend)));
      gen.shutdown(logout, 60_000);
    }
    return out;
  }

  private static ChurnShard.Result churn(GeneratorProcess<ChurnShard> gen, long rate, long seconds, long graceSeconds,
                                         int maxInFlight) throws Exception {
    long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    TrafficPlan plan = new TrafficPlan(startNanos, (double) rate / gen.shards().size(),
        TimeUnit.SECONDS.toNanos(seconds), TimeUnit.SECONDS.toNanos(graceSeconds), true, maxInFlight, 0);
    List<Future<ChurnShard.Result>> runs = new ArrayList<>();
    gen.shards().forEach(s -> runs.add(s.run(plan)));
    ChurnShard.Result merged = null;
    for (Future<ChurnShard.Result> f : runs) {
      ChurnShard.Result r = GeneratorProcess.await(f, TimeUnit.SECONDS.toMillis(seconds + graceSeconds + 60));
      merged = merged == null ? r : merged.merge(r);
    }
    return merged;
  }
}
