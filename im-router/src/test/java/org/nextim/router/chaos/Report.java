package org.nextim.router.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The verdict on one scenario: a count and the offending ids/users for each check. */
final class Report {

  final String scenario;
  // asserted
  final List<String> lost = new ArrayList<>();
  final List<String> duplicated = new ArrayList<>();
  final List<String> doubleHomes = new ArrayList<>();
  final List<String> ghosts = new ArrayList<>();
  final List<String> onlinesDiff = new ArrayList<>();
  final List<String> buddyWrong = new ArrayList<>();
  final List<String> notFoundWhileHomeLives = new ArrayList<>();
  final List<String> relogins = new ArrayList<>();
  final List<String> offlineWhilePolling = new ArrayList<>();
  final List<String> stuck = new ArrayList<>();
  final List<String> unexpectedExits = new ArrayList<>();
  // reported
  final List<String> falseZero = new ArrayList<>();
  final List<String> onlinesFailures = new ArrayList<>();
  /** Sends that got no count (a site sends them again through another node). */
  final List<String> failedSends = new ArrayList<>();
  final List<String> anomalies = new ArrayList<>();
  /** For each wrong buddy-list entry: what the tab heard about that buddy, and the buddy's logins. */
  final List<String> trails = new ArrayList<>();
  final Map<String, Long> counters = new TreeMap<>();
  int sent;
  int answered;
  int acked;
  int zero;
  int sendFailed;
  int inFlight;
  int received;
  int lostExcused;
  int notFoundTotal;
  int truthOnline;
  long settledAt;
  int settleRounds;
  long tookMs;
  boolean requireNoRelogin;

  Report(String scenario) {
    this.scenario = scenario;
  }

  /** Nothing the settle loop waits for is wrong any more. */
  boolean clean() {
    return lost.isEmpty() && ghosts.isEmpty() && onlinesDiff.isEmpty() && buddyWrong.isEmpty()
        && offlineWhilePolling.isEmpty() && stuck.isEmpty() && inFlight == 0;
  }

  /** The checks that fail the scenario, each with its offenders. */
  Map<String, List<String>> failures() {
    Map<String, List<String>> f = new LinkedHashMap<>();
    put(f, "lost", lost);
    put(f, "duplicated", duplicated);
    put(f, "double homes", doubleHomes);
    put(f, "ghosts", ghosts);
    put(f, "/onlines differ between nodes", onlinesDiff);
    put(f, "buddy lists wrong", buddyWrong);
    put(f, "404 while the home lives", notFoundWhileHomeLives);
    put(f, "online users shown offline", offlineWhilePolling);
    put(f, "tabs without a working page", stuck);
    put(f, "router processes that ended unasked", unexpectedExits);
    if (requireNoRelogin) {
      put(f, "re-logins", relogins);
    }
    return f;
  }

  private static void put(Map<String, List<String>> f, String name, List<String> items) {
    if (!items.isEmpty()) {
      f.put(name, items);
    }
  }

  String summary() {
    return String.format("CHAOS %-22s lost=%d (excused %d) dup=%d doubleHomes=%d ghosts=%d onlinesDiff=%d "
            + "buddyWrong=%d 404live=%d relogins=%d offlineWhilePolling=%d stuck=%d exits=%d falseZero=%d | sent=%d "
            + "acked=%d zero=%d failed=%d received=%d 404s=%d online=%d | %s | %.0fs",
        scenario, lost.size(), lostExcused, duplicated.size(), doubleHomes.size(), ghosts.size(), onlinesDiff.size(),
        buddyWrong.size(), notFoundWhileHomeLives.size(), relogins.size(), offlineWhilePolling.size(), stuck.size(),
        unexpectedExits.size(), falseZero.size(), sent, acked, zero, sendFailed, received, notFoundTotal, truthOnline,
        failures().isEmpty() ? "PASS" : "FAIL " + String.join(",", failures().keySet()), tookMs / 1000.0);
  }

  /** Everything, for the file next to the summary. */
  String details(int perCheck) {
    StringBuilder sb = new StringBuilder(summary()).append('\n');
    sb.append("counters: ").append(counters).append('\n');
    section(sb, "lost", lost, perCheck);
    section(sb, "duplicated", duplicated, perCheck);
    section(sb, "double homes", doubleHomes, perCheck);
    section(sb, "ghosts", ghosts, perCheck);
    section(sb, "/onlines differ", onlinesDiff, perCheck);
    section(sb, "buddy lists wrong", buddyWrong, perCheck);
    section(sb, "404 while the home lives", notFoundWhileHomeLives, perCheck);
    section(sb, "re-logins", relogins, perCheck);
    section(sb, "online users shown offline", offlineWhilePolling, perCheck);
    section(sb, "tabs without a working page", stuck, perCheck);
    section(sb, "router processes that ended unasked", unexpectedExits, perCheck);
    section(sb, "false zero (reported, not asserted)", falseZero, perCheck);
    section(sb, "/onlines fetch failures", onlinesFailures, perCheck);
    section(sb, "sends that failed (reported, not asserted)", failedSends.stream().sorted().toList(), perCheck);
    section(sb, "anomalies", anomalies, perCheck);
    section(sb, "trails of wrong buddy-list entries", trails, perCheck);
    return sb.toString();
  }

  private static void section(StringBuilder sb, String name, List<String> items, int max) {
    if (items.isEmpty()) {
      return;
    }
    sb.append("-- ").append(name).append(" (").append(items.size()).append(")\n");
    for (int i = 0; i < Math.min(max, items.size()); i++) {
      sb.append("   ").append(items.get(i)).append('\n');
    }
    if (items.size() > max) {
      sb.append("   … ").append(items.size() - max).append(" more\n");
    }
  }
}
