package org.nextim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Merges what {@code bench/run.sh} left in a run directory ({@code router.json} with the router's
 * memory measurements, {@code router-samples.txt}, and one {@code gen-*.json} per generator process or
 * rate level) into one result, with a Markdown table for people.
 */
public final class RunReport {

  private RunReport() {
  }

  public static JsonObject run(BenchArgs args) throws IOException {
    String dirArg = args.string("run-dir", "");
    String scenario = args.string("scenario", "");
    String md = args.string("out-md", "");
    args.rejectUnknown();
    if (dirArg.isEmpty()) {
      throw new IllegalArgumentException("report needs --run-dir");
    }
    Path dir = Path.of(dirArg);
    JsonObject router = Files.exists(dir.resolve("router.json"))
        ? new JsonObject(Files.readString(dir.resolve("router.json"))) : new JsonObject();
    RouterSamples samples = Files.exists(dir.resolve("router-samples.txt"))
        ? RouterSamples.parse(Files.readAllLines(dir.resolve("router-samples.txt")),
            router.getInteger("clk_tck", 100))
        : new RouterSamples(List.of(), 100);
    List<JsonObject> gens = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().matches("gen-.*\\.json")).sorted().toList()) {
        gens.add(new JsonObject(Files.readString(p)).put("file", p.getFileName().toString()));
      }
    }
    JsonObject report = switch (scenario) {
      case "capacity" -> capacity(router, gens, samples);
      case "throughput" -> throughput(router, gens, samples);
      default -> throw new IllegalArgumentException("report --scenario must be capacity or throughput");
    };
    report.put("run_dir", dir.toString());
    if (!md.isEmpty()) {
      Files.writeString(Path.of(md), markdown(report));
    }
    return report;
  }

  /** Adds up the generator processes of one capacity run and relates them to the router's memory. */
  public static JsonObject capacity(JsonObject router, List<JsonObject> gens, RouterSamples samples) {
    long ok = 0;
    long failed = 0;
    long loginStart = Long.MAX_VALUE;
    long loginEnd = 0;
    double worstLoginP99 = 0;
    long heldAtReady = 0;
    long heldAtEnd = 0;
    long users = 0;
    long readyAll = 0;
    long holdEndFirst = Long.MAX_VALUE;
    long genCpuMs = 0;
    JsonObject polls = new JsonObject();
    List<String> errors = new ArrayList<>();
    List<List<HeldTimeline.Sample>> timelines = new ArrayList<>();
    for (JsonObject g : gens) {
      if (g.containsKey("error")) {
        errors.add(g.getString("file") + ": " + g.getString("error"));
        continue;
      }
      JsonObject l = g.getJsonObject("logins");
      ok += l.getLong("ok");
      failed += l.getLong("failed");
      loginStart = Math.min(loginStart, l.getLong("started_at_ms"));
      loginEnd = Math.max(loginEnd, l.getLong("ended_at_ms"));
      worstLoginP99 = Math.max(worstLoginP99, l.getJsonObject("latency_ms").getDouble("p99"));
      JsonObject h = g.getJsonObject("held");
      users += h.getLong("users");
      heldAtReady += h.getLong("at_ready");
      heldAtEnd += h.getLong("at_end");
      readyAll = Math.max(readyAll, h.getLong("ready_at_ms"));
      holdEndFirst = Math.min(holdEndFirst, h.getLong("hold_ended_at_ms"));
      timelines.add(HeldTimeline.fromJson(h.getJsonArray("timeline")));
      genCpuMs += g.getJsonObject("generator_cpu").getJsonObject("total").getLong("cpu_ms");
      addCounts(polls, g.getJsonObject("polls"));
      addCounts(polls, g.getJsonObject("pages"));
    }
    JsonObject idle = router.getJsonObject("idle", new JsonObject());
    JsonObject loaded = router.getJsonObject("loaded", new JsonObject());
    long measuredAt = loaded.getLong("at_ms", -1L);
    long heldAtMeasure = measuredAt < 0 ? -1 : sumAt(timelines, measuredAt);
    JsonObject totals = new JsonObject()
        .put("generators", gens.size())
        .put("users", users)
        .put("logins_ok", ok)
        .put("logins_failed", failed)
        .put("login_per_second", loginEnd > loginStart ? round1(ok * 1000.0 / (loginEnd - loginStart)) : 0)
        .put("login_window_ms", loginEnd > loginStart ? loginEnd - loginStart : 0)
        .put("login_latency_p99_ms_worst_generator", worstLoginP99)
        .put("held_at_ready", heldAtReady)
        .put("held_at_router_measurement", heldAtMeasure)
        .put("held_min_while_all_holding", minOfSum(timelines, readyAll, holdEndFirst))
        .put("held_at_end", heldAtEnd)
        .put("generator_cpu_ms", genCpuMs);
    JsonObject perPoll = new JsonObject();
    if (heldAtMeasure > 0 && idle.containsKey("heap_used_kb") && loaded.containsKey("heap_used_kb")) {
      perPoll.put("heap_bytes",
          (loaded.getLong("heap_used_kb") - idle.getLong("heap_used_kb")) * 1024 / heldAtMeasure);
    }
    if (heldAtMeasure > 0 && idle.containsKey("rss_kb") && loaded.containsKey("rss_kb")) {
      perPoll.put("rss_bytes", (loaded.getLong("rss_kb") - idle.getLong("rss_kb")) * 1024 / heldAtMeasure);
    }
    long loginCpuMs = samples.cpuMs(loginStart, loginEnd);
    JsonObject routerCpu = new JsonObject()
        .put("logins_percent_of_one_core", samples.cpuPercent(loginStart, loginEnd))
        // CPU per login (which includes opening the poll connection and the first polls) does not depend
        // on how much of the shared 2-core machine the generators left to the router.
        .put("cpu_ms_per_login", loginCpuMs < 0 || ok == 0 ? -1 : Math.round(loginCpuMs * 1000.0 / ok) / 1000.0)
        .put("hold_percent_of_one_core", samples.cpuPercent(readyAll, holdEndFirst))
        .put("machine_during_logins_percent_of_one_core", samples.machinePercent(loginStart, loginEnd))
        .put("max_rss_kb", samples.maxRssKb(0, Long.MAX_VALUE))
        .put("max_open_files", samples.maxOpenFiles(0, Long.MAX_VALUE));
    return new JsonObject()
        .put("scenario", "capacity")
        .put("totals", totals)
        .put("router", router)
        .put("router_per_held_poll", perPoll)
        .put("router_process", routerCpu)
        .put("poll_counts", polls)
        .put("errors", new JsonArray(errors))
        .put("generators", new JsonArray(new ArrayList<>(gens)));
  }

  /** One row per rate level, with the router's CPU over that level's traffic window. */
  public static JsonObject throughput(JsonObject router, List<JsonObject> gens, RouterSamples samples) {
    List<JsonObject> sorted = new ArrayList<>(gens);
    sorted.sort(Comparator.comparingLong(RunReport::targetRate));
    JsonArray levels = new JsonArray();
    for (JsonObject g : sorted) {
      JsonObject level = new JsonObject().put("file", g.getString("file"));
      if (g.containsKey("error")) {
        levels.add(level.put("error", g.getString("error")).put("target_per_second", targetRate(g)));
        continue;
      }
      JsonObject t = g.getJsonObject("traffic");
      JsonObject m = t.getJsonObject("messages");
      long from = g.getLong("traffic_started_at_ms");
      long to = g.getLong("traffic_ended_at_ms");
      double windowS = Math.max(1, t.getLong("send_window_ms")) / 1000.0;
      level.put("target_per_second", g.getLong("target_per_second"))
          .put("sent_per_second", t.getDouble("sent_per_second"))
          .put("delivered_per_second", round1(m.getLong("delivered") / windowS))
          .put("posted", m.getLong("posted"))
          .put("delivered", m.getLong("delivered"))
          .put("lost", m.getLong("lost"))
          .put("duplicates", m.getLong("duplicates"))
          .put("misrouted", m.getLong("misrouted"))
          .put("rejected", m.getLong("rejected"))
          .put("unanswered", m.getLong("unanswered"))
          .put("skipped", m.getLong("skipped_in_flight_limit"))
          .put("latency_ms", m.getJsonObject("latency_ms"))
          .put("post_latency_ms", t.getJsonObject("post_latency_ms"))
          .put("ack_delivered_zero", t.getLong("ack_delivered_zero"))
          .put("router_cpu_percent_of_one_core", samples.cpuPercent(from, to))
          .put("router_cpu_us_per_message", perMessageMicros(samples.cpuMs(from, to), m.getLong("delivered")))
          .put("router_max_rss_kb", samples.maxRssKb(from, to))
          .put("generator_cpu_percent_of_one_core",
              g.getJsonObject("generator_cpu").getJsonObject("traffic").getDouble("cpu_percent_of_one_core"))
          .put("machine_cpu_percent_of_one_core", samples.machinePercent(from, to))
          .put("poll_failures", g.getJsonObject("polls").getLong("failures"))
          .put("invalid_ticket_404", g.getJsonObject("polls").getLong("invalid_ticket_404"));
      levels.add(level);
    }
    return new JsonObject()
        .put("scenario", "throughput")
        .put("levels", levels)
        .put("router", router)
        .put("generators", new JsonArray(new ArrayList<>(gens)));
  }

  private static double perMessageMicros(long cpuMs, long messages) {
    return cpuMs < 0 || messages == 0 ? -1 : Math.round(cpuMs * 1000.0 / messages * 10) / 10.0;
  }

  /** A failed level has no result, only the parameters it was run with. */
  private static long targetRate(JsonObject gen) {
    Long rate = gen.getLong("target_per_second");
    return rate != null ? rate : gen.getJsonObject("parameters", new JsonObject()).getLong("rate", 0L);
  }

  /** A short human summary of a capacity or throughput report. */
  public static String markdown(JsonObject report) {
    StringBuilder s = new StringBuilder();
    JsonObject router = report.getJsonObject("router", new JsonObject());
    if (report.getString("scenario").equals("capacity")) {
      JsonObject t = report.getJsonObject("totals");
      JsonObject per = report.getJsonObject("router_per_held_poll");
      JsonObject proc = report.getJsonObject("router_process");
      JsonObject idle = router.getJsonObject("idle", new JsonObject());
      JsonObject loaded = router.getJsonObject("loaded", new JsonObject());
      s.append("# Capacity\n\n| metric | value |\n|---|---|\n");
      row(s, "generator processes", t.getValue("generators"));
      row(s, "users / logged in / failed", t.getValue("users") + " / " + t.getValue("logins_ok") + " / "
          + t.getValue("logins_failed"));
      row(s, "login rate (all generators)", t.getValue("login_per_second") + " /s over "
          + t.getValue("login_window_ms") + " ms");
      row(s, "login latency p99 (worst generator)", t.getValue("login_latency_p99_ms_worst_generator") + " ms");
      row(s, "polls held at router measurement", t.getValue("held_at_router_measurement"));
      row(s, "polls held, minimum while all held", t.getValue("held_min_while_all_holding"));
      row(s, "polls held at end", t.getValue("held_at_end"));
      row(s, "router heap used after full GC, idle / loaded",
          kb(idle.getLong("heap_used_kb")) + " / " + kb(loaded.getLong("heap_used_kb")));
      row(s, "router heap per held poll", per.getValue("heap_bytes", "n/a") + " bytes");
      row(s, "router RSS idle / loaded", kb(idle.getLong("rss_kb")) + " / " + kb(loaded.getLong("rss_kb")));
      row(s, "router RSS per held poll", per.getValue("rss_bytes", "n/a") + " bytes");
      row(s, "router open files idle / loaded", idle.getValue("open_files") + " / " + loaded.getValue("open_files"));
      row(s, "router CPU during logins / hold (% of one core)",
          proc.getValue("logins_percent_of_one_core") + " / " + proc.getValue("hold_percent_of_one_core"));
      row(s, "router CPU per login", proc.getValue("cpu_ms_per_login") + " ms");
      row(s, "whole machine CPU during logins (% of one core; 200 = both cores busy)",
          proc.getValue("machine_during_logins_percent_of_one_core"));
      row(s, "generator CPU, all processes", t.getValue("generator_cpu_ms") + " ms");
      JsonObject pc = report.getJsonObject("poll_counts");
      row(s, "poll failures / 404 / unparseable / re-logins", pc.getValue("failures") + " / "
          + pc.getValue("invalid_ticket_404") + " / " + pc.getValue("unparseable_replies") + " / "
          + pc.getValue("relogins"));
    } else {
      s.append("# Throughput\n\n")
          .append("| target msg/s | sent/s | delivered/s | lost | dup | misrouted | rejected | p50 ms | p99 ms "
              + "| p999 ms | max ms | router CPU % | router CPU µs/msg | generator CPU % | machine CPU % | router RSS |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < report.getJsonArray("levels").size(); i++) {
        JsonObject l = report.getJsonArray("levels").getJsonObject(i);
        if (l.containsKey("error")) {
          s.append("| ").append(l.getValue("target_per_second")).append(" | error: ")
              .append(l.getString("error").replace('|', '/')).append(" |||||||||||||||\n");
          continue;
        }
        JsonObject lat = l.getJsonObject("latency_ms");
        s.append("| ").append(l.getValue("target_per_second"))
            .append(" | ").append(l.getValue("sent_per_second"))
            .append(" | ").append(l.getValue("delivered_per_second"))
            .append(" | ").append(l.getValue("lost"))
            .append(" | ").append(l.getValue("duplicates"))
            .append(" | ").append(l.getValue("misrouted"))
            .append(" | ").append(l.getValue("rejected"))
            .append(" | ").append(lat.getValue("p50"))
            .append(" | ").append(lat.getValue("p99"))
            .append(" | ").append(lat.getValue("p999"))
            .append(" | ").append(lat.getValue("max"))
            .append(" | ").append(l.getValue("router_cpu_percent_of_one_core"))
            .append(" | ").append(l.getValue("router_cpu_us_per_message"))
            .append(" | ").append(l.getValue("generator_cpu_percent_of_one_core"))
            .append(" | ").append(l.getValue("machine_cpu_percent_of_one_core"))
            .append(" | ").append(kb(l.getLong("router_max_rss_kb")))
            .append(" |\n");
      }
      s.append("\nLatency: intended send time (open-loop schedule) to arrival in the recipient's poll reply. "
          + "CPU % is of one core; the machine has 2 (200 %), shared by the router, the generator and anything else "
          + "running (machine CPU % minus router and generator is what other processes took).\n");
    }
    if (router.containsKey("machine_busy_percent_before_start")) {
      s.append("\nOther processes kept the machine ").append(router.getValue("machine_busy_percent_before_start"))
          .append(" % busy (of 200 %) just before the router started.\n");
    }
    if (!router.isEmpty()) {
      s.append("\nRouter: `").append(router.getString("command", "")).append("` ")
          .append(router.getJsonObject("env", new JsonObject()).encode()).append('\n');
      if (router.containsKey("jar")) {
        s.append("\nRouter jar: ").append(router.getString("jar")).append('\n');
      }
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String name, Object value) {
    s.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String kb(Long kb) {
    if (kb == null || kb < 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Adds every numeric field of {@code from} into {@code into}. */
  private static void addCounts(JsonObject into, JsonObject from) {
    if (from == null) {
      return;
    }
    from.forEach(e -> {
      if (e.getValue() instanceof Number n) {
        into.put(e.getKey(), into.getLong(e.getKey(), 0L) + n.longValue());
      }
    });
  }

  /** The sum over processes of each one's held count at {@code atMs}. */
  static long sumAt(List<List<HeldTimeline.Sample>> timelines, long atMs) {
    long sum = 0;
    for (List<HeldTimeline.Sample> t : timelines) {
      sum += Math.max(0, HeldTimeline.heldAt(t, atMs));
    }
    return sum;
  }

  /** The lowest total held at any sample instant in [fromMs, toMs]; -1 when there is none. */
  static long minOfSum(List<List<HeldTimeline.Sample>> timelines, long fromMs, long toMs) {
    TreeSet<Long> instants = new TreeSet<>();
    timelines.forEach(t -> t.forEach(s -> {
      if (s.atMs() >= fromMs && s.atMs() <= toMs) {
        instants.add(s.atMs());
      }
    }));
    return instants.stream().mapToLong(at -> sumAt(timelines, at)).min().orElse(-1);
  }
}
