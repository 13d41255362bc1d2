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
    String title = args.string("title", scenario);
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
      case "throughput", "rooms" -> throughput(router, gens, samples).put("scenario", scenario);
      case "churn" -> churn(router, gens, samples);
      case "http-max" -> httpMax(router, gens, samples);
      default -> throw new IllegalArgumentException(
          "report --scenario must be capacity, throughput, rooms, churn or http-max");
    };
    report.put("run_dir", dir.toString()).put("title", title);
    if (report.getString("scenario").equals("capacity")) {
      HeapHistogram idle = histograms(dir, "histogram-idle");
      HeapHistogram loaded = histograms(dir, "histogram-loaded");
      long polls = report.getJsonObject("totals").getLong("held_at_router_measurement", -1L);
      if (idle != null && loaded != null && polls > 0) {
        report.put("heap_by_class", HeapHistogram.perPoll(idle, loaded, polls, 25));
      }
    }
    if (!md.isEmpty()) {
      Files.writeString(Path.of(md), markdown(report));
    }
    return report;
  }

  /** The class histograms {@code PREFIX.txt} or {@code PREFIX-<node>.txt} of a run, summed; null when none. */
  static HeapHistogram histograms(Path dir, String prefix) throws IOException {
    HeapHistogram sum = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().matches(prefix + "(-\\d+)?\\.txt")).sorted().toList()) {
        HeapHistogram h = HeapHistogram.parse(Files.readAllLines(p));
        sum = sum == null ? h : sum.plus(h);
      }
    }
    return sum;
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
    sorted.sort(Comparator.comparingLong(RunReport::roomSize).thenComparingLong(RunReport::targetRate));
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
      // Over the scheduled duration: the send window (first to last send) is one interval short, which
      // matters at a few multicasts per second.
      double windowS = Math.max(Math.max(1, t.getLong("send_window_ms")) / 1000.0,
          g.getJsonObject("parameters", new JsonObject()).getLong("duration-seconds", 0L));
      JsonObject fanout = t.getJsonObject("fanout");
      if (fanout != null) {
        level.put("room_size", roomSize(g))
            .put("deliveries_per_second", round1(m.getLong("delivered") / windowS))
            .put("target_deliveries_per_second", g.getLong("target_per_second") * (roomSize(g) - 1))
            .put("expected_deliveries", fanout.getLong("expected_deliveries"))
            .put("complete_messages", fanout.getLong("complete_messages"))
            .put("complete_latency_ms", fanout.getJsonObject("complete_latency_ms"));
      }
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
          .put("others_cpu_percent_of_one_core", others(samples, from, to, g))
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

  /**
   * CPU that neither the server nor the generator took during a level (other sessions' builds and tests on
   * this shared machine): machine minus server minus generator, % of one core; -1 when unknown.
   */
  static double others(RouterSamples samples, long from, long to, JsonObject gen) {
    double machine = samples.machinePercent(from, to);
    double server = samples.cpuPercent(from, to);
    double generator = gen.getJsonObject("generator_cpu").getJsonObject("traffic").getDouble("cpu_percent_of_one_core");
    if (machine < 0 || server < 0) {
      return -1;
    }
    return Math.max(0, round1(machine - server - generator));
  }

  private static long roomSize(JsonObject gen) {
    return gen.getJsonObject("parameters", new JsonObject()).getLong("room-size", 0L);
  }

  /** One row per churn rate: logins+logouts per second, call latency, presence delivery to watchers. */
  public static JsonObject churn(JsonObject router, List<JsonObject> gens, RouterSamples samples) {
    List<JsonObject> sorted = new ArrayList<>(gens);
    sorted.sort(Comparator.comparingLong(RunReport::targetRate));
    JsonArray levels = new JsonArray();
    for (JsonObject g : sorted) {
      JsonObject level = new JsonObject().put("file", g.getString("file"));
      if (g.containsKey("error")) {
        levels.add(level.put("error", g.getString("error")).put("target_per_second", targetRate(g)));
        continue;
      }
      JsonObject c = g.getJsonObject("churn");
      long from = g.getLong("traffic_started_at_ms");
      long to = g.getLong("traffic_ended_at_ms");
      long cpuMs = samples.cpuMs(from, to);
      long transitions = c.getLong("transitions");
      level.put("target_per_second", g.getLong("target_per_second"))
          .put("users", g.getJsonObject("parameters").getLong("users"))
          .put("buddies", g.getJsonObject("parameters").getLong("buddies"))
          .put("transitions_per_second", c.getDouble("transitions_per_second"))
          .put("transitions", transitions)
          .put("failed", c.getLong("failed"))
          .put("skipped", c.getLong("skipped_no_idle_user"))
          .put("login_latency_ms", c.getJsonObject("login_latency_ms"))
          .put("logout_latency_ms", c.getJsonObject("logout_latency_ms"))
          .put("expected_presences", c.getLong("expected_presences"))
          .put("delivered_presences", c.getLong("delivered_presences"))
          .put("lost_presences", c.getLong("lost_presences"))
          .put("duplicate_presences", c.getLong("duplicate_presences"))
          .put("unmatched_presences", c.getLong("unmatched_presences"))
          .put("presence_packets_per_second",
              round1(c.getLong("presence_packets_received") * 1000.0 / Math.max(1, c.getLong("window_ms"))))
          .put("presence_latency_ms", c.getJsonObject("presence_latency_ms"))
          .put("router_cpu_percent_of_one_core", samples.cpuPercent(from, to))
          .put("router_cpu_us_per_transition", perMessageMicros(cpuMs, transitions))
          .put("generator_cpu_percent_of_one_core",
              g.getJsonObject("generator_cpu").getJsonObject("traffic").getDouble("cpu_percent_of_one_core"))
          .put("machine_cpu_percent_of_one_core", samples.machinePercent(from, to))
          .put("others_cpu_percent_of_one_core", others(samples, from, to, g));
      levels.add(level);
    }
    return new JsonObject().put("scenario", "churn").put("levels", levels).put("router", router)
        .put("generators", new JsonArray(new ArrayList<>(gens)));
  }

  /** The closed-loop run against the trivial endpoint. */
  public static JsonObject httpMax(JsonObject router, List<JsonObject> gens, RouterSamples samples) {
    JsonObject out = new JsonObject().put("scenario", "http-max").put("router", router);
    if (gens.isEmpty() || gens.get(0).containsKey("error")) {
      return out.put("error", gens.isEmpty() ? "no result" : gens.get(0).getString("error"));
    }
    JsonObject g = gens.get(0);
    long from = g.getLong("traffic_started_at_ms");
    long to = g.getLong("traffic_ended_at_ms");
    return out.put("requests_per_second", g.getDouble("requests_per_second"))
        .put("requests_ok", g.getLong("requests_ok"))
        .put("requests_failed", g.getLong("requests_failed"))
        .put("latency_ms", g.getJsonObject("latency_ms"))
        .put("connections", g.getJsonObject("parameters").getLong("connections")
            * g.getJsonObject("parameters").getLong("shards"))
        .put("server_cpu_percent_of_one_core", samples.cpuPercent(from, to))
        .put("server_cpu_us_per_request", perMessageMicros(samples.cpuMs(from, to), g.getLong("requests_ok")))
        .put("generator_cpu_percent_of_one_core",
            g.getJsonObject("generator_cpu").getJsonObject("traffic").getDouble("cpu_percent_of_one_core"))
        .put("machine_cpu_percent_of_one_core", samples.machinePercent(from, to))
        .put("generators", new JsonArray(new ArrayList<>(gens)));
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
    String scenario = report.getString("scenario");
    String title = report.getString("title", scenario);
    if (scenario.equals("rooms")) {
      roomsMarkdown(s, report);
    } else if (scenario.equals("churn")) {
      churnMarkdown(s, report);
    } else if (scenario.equals("http-max")) {
      s.append("# Baseline: trivial Vert.x endpoint\n\n| metric | value |\n|---|---|\n");
      row(s, "requests/s (closed loop, " + report.getValue("connections") + " connections)",
          report.getValue("requests_per_second"));
      JsonObject lat = report.getJsonObject("latency_ms", new JsonObject());
      row(s, "latency p50 / p99 ms", lat.getValue("p50") + " / " + lat.getValue("p99"));
      row(s, "failed", report.getValue("requests_failed"));
      row(s, "server CPU % / µs per request", report.getValue("server_cpu_percent_of_one_core") + " / "
          + report.getValue("server_cpu_us_per_request"));
      row(s, "generator CPU %", report.getValue("generator_cpu_percent_of_one_core"));
      row(s, "machine CPU % (200 = both cores)", report.getValue("machine_cpu_percent_of_one_core"));
    } else if (scenario.equals("capacity")) {
      JsonObject t = report.getJsonObject("totals");
      JsonObject per = report.getJsonObject("router_per_held_poll");
      JsonObject proc = report.getJsonObject("router_process");
      JsonObject idle = router.getJsonObject("idle", new JsonObject());
      JsonObject loaded = router.getJsonObject("loaded", new JsonObject());
      s.append("# ").append(title.equals("capacity-cluster") ? "Capacity, 2-node cluster" : "Capacity")
          .append("\n\n| metric | value |\n|---|---|\n");
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
      JsonObject h = report.getJsonObject("heap_by_class");
      if (h != null) {
        s.append("\n## Heap per held poll by class\n\n")
            .append("Live objects (`jcmd GC.class_histogram`, after a full GC) with the polls held minus idle, divided by ")
            .append(h.getValue("polls")).append(" polls: ").append(h.getValue("total_bytes_per_poll"))
            .append(" bytes per poll in all (shallow sizes; ").append(h.getValue("other_bytes_per_poll"))
            .append(" bytes in classes not listed).\n\n")
            .append("| class | instances per poll | bytes per poll |\n|---|---|---|\n");
        for (int i = 0; i < h.getJsonArray("classes").size(); i++) {
          JsonObject c = h.getJsonArray("classes").getJsonObject(i);
          s.append("| `").append(c.getString("class")).append("` | ").append(c.getValue("instances_per_poll"))
              .append(" | ").append(c.getValue("bytes_per_poll")).append(" |\n");
        }
      }
    } else {
      s.append("# ").append(switch (title) {
            case "nchan" -> "Throughput: Nchan";
            case "cluster" -> "Throughput: 2-node router cluster";
            case "cluster-single" -> "Throughput: single router (cluster comparison)";
            default -> "Throughput: router";
          }).append("\n\n")
          .append("| target msg/s | sent/s | delivered/s | lost | dup | misrouted | rejected | p50 ms | p99 ms "
              + "| p999 ms | max ms | server CPU % | server CPU µs/msg | generator CPU % | others' CPU % | machine CPU % "
              + "| server RSS |\n")
          .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
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
            .append(" | ").append(l.getValue("others_cpu_percent_of_one_core"))
            .append(" | ").append(l.getValue("machine_cpu_percent_of_one_core"))
            .append(" | ").append(kb(l.getLong("router_max_rss_kb")))
            .append(" |\n");
      }
      s.append("\nLatency: intended send time (open-loop schedule) to arrival in the recipient's poll reply. "
          + "CPU % is of one core; the machine has 2 (200 %), shared by the server, the generator and anything else "
          + "running (others' CPU % = machine minus server minus generator: other work on this shared machine; a "
          + "level where it is high is skewed).\n");
    }
    if (router.containsKey("machine_busy_percent_before_start")) {
      s.append("\nOther processes kept the machine ").append(router.getValue("machine_busy_percent_before_start"))
          .append(" % busy (of 200 %) just before the router started.\n");
    }
    if (!router.isEmpty()) {
      JsonObject env = router.getJsonObject("env", new JsonObject());
      s.append("\nServer: `").append(router.getString("command", "")).append("` ")
          .append(env.containsKey("words") ? env.getString("words") : env.encode()).append('\n');
      if (router.containsKey("jar")) {
        s.append("\nRouter jar: ").append(router.getString("jar")).append('\n');
      }
    }
    return s.toString();
  }

  private static void roomsMarkdown(StringBuilder s, JsonObject report) {
    s.append("# Rooms: multicast fan-out\n\n")
        .append("| room size | target deliveries/s | multicasts/s sent | deliveries/s | expected | lost | dup | misrouted "
            + "| p50 ms | p99 ms | p999 ms | whole room p99 ms | router CPU % | router CPU µs/delivery | generator CPU % "
            + "| others' CPU % | machine CPU % |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < report.getJsonArray("levels").size(); i++) {
      JsonObject l = report.getJsonArray("levels").getJsonObject(i);
      if (l.containsKey("error")) {
        s.append("| | ").append(l.getValue("target_per_second")).append(" msg/s | error: ")
            .append(l.getString("error").replace('|', '/')).append(" |||||||||||||\n");
        continue;
      }
      JsonObject lat = l.getJsonObject("latency_ms");
      JsonObject whole = l.getJsonObject("complete_latency_ms", new JsonObject());
      long delivered = l.getLong("delivered");
      s.append("| ").append(l.getValue("room_size"))
          .append(" | ").append(l.getValue("target_deliveries_per_second"))
          .append(" | ").append(l.getValue("sent_per_second"))
          .append(" | ").append(l.getValue("deliveries_per_second"))
          .append(" | ").append(l.getValue("expected_deliveries"))
          .append(" | ").append(l.getValue("lost"))
          .append(" | ").append(l.getValue("duplicates"))
          .append(" | ").append(l.getValue("misrouted"))
          .append(" | ").append(lat.getValue("p50"))
          .append(" | ").append(lat.getValue("p99"))
          .append(" | ").append(lat.getValue("p999"))
          .append(" | ").append(whole.getValue("p99"))
          .append(" | ").append(l.getValue("router_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("router_cpu_us_per_message"))
          .append(" | ").append(l.getValue("generator_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("others_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("machine_cpu_percent_of_one_core"))
          .append(" |\n");
      if (delivered < 0) {
        break;
      }
    }
    s.append("\nA multicast to a room of N reaches the N - 1 other members' pages; deliveries, lost and duplicates "
        + "count (message, member) pairs. Latency: intended send time to arrival at a member; whole room: to "
        + "arrival at the last member.\n");
  }

  private static void churnMarkdown(StringBuilder s, JsonObject report) {
    s.append("# Presence churn\n\n")
        .append("| target logins+logouts/s | achieved/s | failed | skipped | login p50 / p99 ms | logout p50 / p99 ms "
            + "| presences expected | delivered | lost | dup | presence p50 ms | p99 ms | p999 ms "
            + "| presence packets/s | router CPU % | router CPU µs/transition | generator CPU % | others' CPU % "
            + "| machine CPU % |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < report.getJsonArray("levels").size(); i++) {
      JsonObject l = report.getJsonArray("levels").getJsonObject(i);
      if (l.containsKey("error")) {
        s.append("| ").append(l.getValue("target_per_second")).append(" | error: ")
            .append(l.getString("error").replace('|', '/')).append(" ||||||||||||||||\n");
        continue;
      }
      JsonObject li = l.getJsonObject("login_latency_ms");
      JsonObject lo = l.getJsonObject("logout_latency_ms");
      JsonObject p = l.getJsonObject("presence_latency_ms");
      s.append("| ").append(l.getValue("target_per_second"))
          .append(" | ").append(l.getValue("transitions_per_second"))
          .append(" | ").append(l.getValue("failed"))
          .append(" | ").append(l.getValue("skipped"))
          .append(" | ").append(li.getValue("p50")).append(" / ").append(li.getValue("p99"))
          .append(" | ").append(lo.getValue("p50")).append(" / ").append(lo.getValue("p99"))
          .append(" | ").append(l.getValue("expected_presences"))
          .append(" | ").append(l.getValue("delivered_presences"))
          .append(" | ").append(l.getValue("lost_presences"))
          .append(" | ").append(l.getValue("duplicate_presences"))
          .append(" | ").append(p.getValue("p50"))
          .append(" | ").append(p.getValue("p99"))
          .append(" | ").append(p.getValue("p999"))
          .append(" | ").append(l.getValue("presence_packets_per_second"))
          .append(" | ").append(l.getValue("router_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("router_cpu_us_per_transition"))
          .append(" | ").append(l.getValue("generator_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("others_cpu_percent_of_one_core"))
          .append(" | ").append(l.getValue("machine_cpu_percent_of_one_core"))
          .append(" |\n");
    }
    s.append("\nHalf the users (every other one) stay online and watch; the others log out (`all=1`) and in again. "
        + "Each transition owes each watching buddy (10 of the 20) one presence; presence latency is from the "
        + "transition's intended time to the arrival at the watcher. Presence packets/s counts all presence packets "
        + "received, churners' included.\n");
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
