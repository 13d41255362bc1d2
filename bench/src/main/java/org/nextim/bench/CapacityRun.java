package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Capacity: log in {@code --users} users, keep every one's poll held for {@code --hold-seconds}, and
 * report the login rate and how many polls stayed held. Several processes (each with its own
 * {@code --first-user} and {@code --local-address}) together approach the router's connection ceiling.
 */
public final class CapacityRun {

  private static final Logger log = LoggerFactory.getLogger(CapacityRun.class);

  private CapacityRun() {
  }

  public static JsonObject run(BenchArgs args) throws Exception {
    ShardSettings settings = ShardSettings.from(args, 1000, 4, 1);
    long holdSeconds = args.longValue("hold-seconds", 60, 0, 3600);
    long settleTimeoutMs = args.longValue("settle-timeout-ms", 15_000, 0, 600_000);
    long loginTimeoutMs = args.longValue("login-timeout-ms", 300_000, 1_000, 3_600_000);
    String readyFile = args.string("ready-file", "");
    boolean logout = args.bool("logout", false);
    args.rejectUnknown();

    ProcessCpu cpu0 = ProcessCpu.now();
    HeldTimeline timeline = new HeldTimeline();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "held-sampler");
      t.setDaemon(true);
      return t;
    });
    JsonObject out = new JsonObject().put("scenario", "capacity").put("parameters", args.effective());
    try (GeneratorProcess<CapacityShard> gen =
             new GeneratorProcess<>(settings.shards(), i -> new CapacityShard(i, settings))) {
      sampler.scheduleAtFixedRate(() -> {
        try {
          timeline.add(System.currentTimeMillis(), gen.heldNow());
        } catch (Exception e) {
          log.debug("sample failed: {}", e.toString());
        }
      }, 0, 1, TimeUnit.SECONDS);

      LoginWave.Result logins = gen.awaitLogins(loginTimeoutMs);
      ProcessCpu cpuLogins = ProcessCpu.now();
      log.info("logged in {} users ({} failed) at {}/s", logins.ok(), logins.failed(),
          Math.round(logins.perSecond()));
      long settleStart = System.currentTimeMillis();
      long heldAtReady = gen.awaitHeld(logins.ok(), settleTimeoutMs);
      long readyAtMs = System.currentTimeMillis();
      // A sample at the ready instant itself, so totals over several processes are exact from here on.
      timeline.add(readyAtMs, heldAtReady);
      log.info("HOLDING {} polls of {} users", heldAtReady, settings.population().count());
      if (!readyFile.isEmpty()) {
        writeAtomically(Path.of(readyFile),
            new JsonObject().put("held", heldAtReady).put("at_ms", readyAtMs).encode());
      }

      Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
      long heldAtEnd = gen.heldNow();
      long endAtMs = System.currentTimeMillis();
      timeline.add(endAtMs, heldAtEnd);
      sampler.shutdownNow();
      ProcessCpu cpuEnd = ProcessCpu.now();

      out.put("logins", logins.toJson())
          .put("held", new JsonObject()
              .put("users", settings.population().count())
              .put("at_ready", heldAtReady)
              .put("settle_ms", readyAtMs - settleStart)
              .put("ready_at_ms", readyAtMs)
              .put("hold_ended_at_ms", endAtMs)
              .put("min_during_hold", timeline.minBetween(readyAtMs, endAtMs))
              .put("max_during_hold", timeline.maxBetween(readyAtMs, endAtMs))
              .put("at_end", heldAtEnd)
              .put("timeline", timeline.toJson()))
          .put("polls", gen.pollStats().toJson())
          .put("pages", gen.reloginCounts())
          .put("generator_cpu", new JsonObject()
              .put("total", cpuEnd.since(cpu0))
              .put("logins", cpuLogins.since(cpu0))
              .put("hold", cpuEnd.since(cpuLogins)));
      gen.shutdown(logout, 60_000);
    } finally {
      sampler.shutdownNow();
    }
    return out;
  }

  static void writeAtomically(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
