package org.nextim.router.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.router.chaos.ChaosCluster.Incarnation;
import org.nextim.router.chaos.Traffic.Tab;
import org.nextim.router.chaos.Traffic.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Judges a run after the traffic stopped: waits (bounded, polling the routers every 500 ms) until the
 * cluster settled — or until the longest any fault may still take to play out — then checks what the
 * clients saw against what the routers say.
 */
final class Checker {

  private final ChaosCluster cluster;
  private final Traffic traffic;
  private final Ledger ledger;
  private final ChaosSettings s;
  private final Clock clock;

  /** Self-check only: receipts of these message ids are ignored; this "tab buddy" is taken as offline. */
  private final Set<String> hidden = new TreeSet<>();
  private String forgotten;

  Checker(ChaosCluster cluster, Traffic traffic, Ledger ledger, ChaosSettings s, Clock clock) {
    this.cluster = cluster;
    this.traffic = traffic;
    this.ledger = ledger;
    this.s = s;
    this.clock = clock;
  }

  /** Who each node says is online (name → show), by incarnation label; a failed fetch is missing. */
  record Onlines(Map<String, Map<String, String>> byNode, List<String> failures) {
  }

  /**
   * Waits until every check passes (and at least until {@code quietFrom} + failure detection + two
   * graces, so late consequences of a fault show), at most until the longest wait any check needs; then
   * judges.
   *
   * @param quietFrom when the last fault action ended (0 when there was none)
   */
  Report settleAndCheck(long quietFrom) {
    long end = traffic.sendingEndedAt();
    long failureMs = s.failureS * 1000L;
    long lastStop = Math.max(0, traffic.lastStopAt());
    long ghostDeadline = lastStop + s.pollTimeoutMs + 2 * s.idleMs + failureMs + 5_000;
    long minSettle = Math.max(end + 2_000, quietFrom > 0 ? quietFrom + failureMs + 2 * s.idleMs : 0);
    long deadline = Math.max(ghostDeadline, Math.max(minSettle + 15_000, end + 20_000));
    Report r;
    int rounds = 0;
    while (true) {
      rounds++;
      r = judge(end, false);
      long now = clock.now();
      if ((r.clean() && now >= minSettle) || now >= deadline) {
        break;
      }
      ChaosCluster.sleep(500);
    }
    traffic.sampleDoubleHomes(); // the end state counts too
    traffic.awaitDoubleHomeChecks();
    r = judge(end, true);
    r.settledAt = clock.now();
    r.settleRounds = rounds;
    return r;
  }

  /**
   * Checks the checker on a run that passed: it must see a message whose receipts are hidden as lost, a
   * buddy taken out of a tab's view as a wrong buddy list, and a message id given to a page twice as a
   * duplicate. Returns what it failed to see (empty: the checker works).
   */
  List<String> selfCheck(Report passed) {
    List<String> problems = new ArrayList<>();
    Ledger.Sent victim = null;
    for (Ledger.Sent m : ledger.sent.values()) {
      if (m.delivered >= 1 && !ledger.receiptsOf(m.id).isEmpty()) {
        victim = m;
        break;
      }
    }
    Tab viewer = null;
    String buddy = null;
    for (Tab t : traffic.tabs) {
      if (!t.user.running()) {
        continue;
      }
      for (String b : t.user.buddies) {
        if (t.view().containsKey(b)) {
          viewer = t;
          buddy = b;
          break;
        }
      }
      if (viewer != null) {
        break;
      }
    }
    if (victim == null || viewer == null) {
      problems.add("nothing to self-check with");
      return problems;
    }
    hidden.add(victim.id);
    forgotten = viewer.id + " " + buddy;
    Report r = judge(traffic.sendingEndedAt(), false);
    hidden.clear();
    forgotten = null;
    String lostId = victim.id + " ";
    if (r.lost.size() != passed.lost.size() + 1 || r.lost.stream().noneMatch(l -> l.startsWith(lostId))) {
      problems.add("a message no page got (" + victim.id + ") is not reported lost: " + r.lost);
    }
    String expected = viewer.id + " sees " + buddy + " offline";
    if (r.buddyWrong.stream().noneMatch(w -> w.startsWith(expected))) {
      problems.add("a wrong view (" + expected + ") is not reported: " + r.buddyWrong);
    }
    int before = ledger.duplicates.size();
    if (!traffic.replayForSelfCheck(victim.id)) {
      problems.add("no page to replay " + victim.id + " to");
    } else if (ledger.duplicates.size() != before + 1) {
      problems.add("a message id given twice to one page is not reported as duplicated");
    } else {
      ledger.duplicates.remove(before);
    }
    return problems;
  }

  Onlines fetchOnlines() {
    String names = String.join(",", traffic.users.stream().map(u -> u.name).toList());
    Map<String, Map<String, String>> byNode = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Incarnation i : cluster.routable()) {
      String url = i.base + "/onlines?" + ChaosHttp.form("domain", s.domain, "apikey", s.apikey, "names", names,
          "version", "3");
      ChaosHttp.Resp resp;
      try {
        resp = traffic.http().get(url, 5_000).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        failures.add(i.label() + ": " + e);
        continue;
      }
      if (!resp.ok()) {
        failures.add(i.label() + ": " + resp);
        continue;
      }
      Map<String, String> online = new TreeMap<>();
      JsonArray list = new JsonArray(resp.body());
      for (int k = 0; k < list.size(); k++) {
        JsonObject o = list.getJsonObject(k);
        online.put(o.getString("name"), o.getString("show"));
      }
      byNode.put(i.label(), online);
    }
    return new Onlines(byNode, failures);
  }

  private Report judge(long end, boolean full) {
    Report r = new Report(s.name);
    Onlines on = fetchOnlines();
    r.onlinesFailures.addAll(on.failures());
    Map<String, String> truth = majority(on.byNode());
    r.truthOnline = truth.size();

    // /onlines equal on every node
    Set<String> everyone = new TreeSet<>();
    on.byNode().values().forEach(m -> everyone.addAll(m.keySet()));
    for (String name : everyone) {
      Map<String, String> seen = new TreeMap<>();
      on.byNode().forEach((node, m) -> seen.put(node, m.getOrDefault(name, "-")));
      if (new TreeSet<>(seen.values()).size() > 1) {
        r.onlinesDiff.add(name + " " + seen);
      }
    }
    if (on.byNode().isEmpty()) {
      r.onlinesDiff.add("no node answered /onlines");
    }

    long now = clock.now();
    // the last reply to a message call: a poll sent after it has everything the router queued
    long lastReply = end;
    for (Ledger.Sent m : ledger.sent.values()) {
      lastReply = Math.max(lastReply, m.endAt);
    }
    // ghosts: users whose tabs all stopped
    for (User u : traffic.users) {
      if (u.stoppedAt < 0) {
        continue;
      }
      List<String> listedBy = new ArrayList<>();
      on.byNode().forEach((node, m) -> {
        if (m.containsKey(u.name)) {
          listedBy.add(node);
        }
      });
      if (!listedBy.isEmpty()) {
        r.ghosts.add(u.name + " (" + u.stopMode + " at " + u.stoppedAt + ") listed by " + listedBy);
      }
    }

    // live pages: settled, their user online, their view of each buddy = the truth
    for (Tab t : traffic.tabs) {
      if (!t.user.running()) {
        continue;
      }
      String node = t.liveNode(now);
      long lastOkSent;
      Map<String, String> view;
      synchronized (t) {
        lastOkSent = t.lastOkSentAt;
        view = new TreeMap<>(t.view);
      }
      if (node == null || lastOkSent <= lastReply) {
        r.stuck.add(t.id + (node == null ? " has no live page" : " no poll answered since the traffic stopped"));
        continue;
      }
      if (!truth.containsKey(t.user.name) && !r.offlineWhilePolling.contains(t.user.name)) {
        r.offlineWhilePolling.add(t.user.name);
      }
      for (String b : t.user.buddies) {
        String want = truth.get(b);
        String have = (t.id + " " + b).equals(forgotten) ? null : view.get(b);
        if (!Objects.equals(want, have)) {
          r.buddyWrong.add(t.id + " sees " + b + " " + (have == null ? "offline" : have) + ", truth "
              + (want == null ? "offline" : want));
          if (full) {
            r.trails.add(t.id + " about " + b + ": " + trailAbout(t, b) + " | " + b + "'s logins: "
                + loginsOf(traffic.user(b)));
          }
        }
      }
    }

    // messages
    long excuseWindow = s.pollGiveUpMs() + 2_000;
    for (Ledger.Sent m : ledger.sent.values()) {
      if (m.endAt < 0) {
        r.inFlight++;
        continue;
      }
      if (m.delivered < 0) {
        r.sendFailed++;
        r.failedSends.add(String.format("%8d..%-8d %s via %s: %s", m.startAt, m.endAt, m.id, m.via, m.failure));
        continue;
      }
      r.answered++;
      List<Ledger.Receipt> got = new ArrayList<>();
      for (Ledger.Receipt rc : hidden.contains(m.id) ? List.<Ledger.Receipt>of() : ledger.receiptsOf(m.id)) {
        if (rc.user().equals(m.to)) {
          got.add(rc);
        }
      }
      if (m.delivered >= 1) {
        r.acked++;
        if (got.isEmpty()) {
          String why = excuse(m, excuseWindow);
          if (why != null) {
            r.lostExcused++;
          } else {
            r.lost.add(m.id + " " + m.from + "->" + m.to + " delivered=" + m.delivered + " at " + m.startAt
                + ".." + m.endAt + " to ticket@" + nodesOf(m));
            if (full) {
              r.trails.add(m.id + " lost; " + m.to + "'s polls around it: " + pollsAround(traffic.user(m.to), m));
            }
          }
        }
      } else {
        r.zero++;
        for (Ledger.Receipt rc : got) {
          if (rc.ticketLoginAt() >= 0 && rc.ticketLoginAt() < m.startAt) {
            r.falseZero.add(m.id + " " + m.from + "->" + m.to + " at " + m.startAt + " got by " + rc.tab()
                + " (logged in at " + rc.ticketLoginAt() + ")");
            break;
          }
        }
      }
    }
    r.sent = ledger.sent.size();
    r.received = ledger.receipts.size();
    if (!full) {
      return r;
    }
    for (String d : Ledger.copy(ledger.duplicates)) {
      Ledger.Sent m = ledger.sent.get(d.substring(0, d.indexOf(' ')));
      r.duplicated.add(m == null ? d : d + "; sent by " + m.fromTab + " (ticket@" + Traffic.shortNode(m.fromTicket) + ") via "
          + m.via + " [" + m.startAt + ".." + m.endAt + "] delivered=" + m.delivered);
    }
    Map<String, Ledger.DoubleHome> firstByUser = new LinkedHashMap<>();
    for (Ledger.DoubleHome d : Ledger.copy(ledger.doubleHomes)) {
      firstByUser.putIfAbsent(d.user(), d);
    }
    firstByUser.values().forEach(d -> r.doubleHomes.add(d.user() + " on " + labels(d.nodes()) + " at " + d.at()));
    for (Ledger.NotFound nf : Ledger.copy(ledger.notFounds)) {
      if (nf.homeLived()) {
        r.notFoundWhileHomeLives.add(nf.toString());
      }
    }
    r.notFoundTotal = ledger.notFounds.size();
    for (Ledger.Relogin rl : Ledger.copy(ledger.relogins)) {
      r.relogins.add(rl.tab() + " (" + rl.reason() + ", was at " + rl.oldTicketNode() + ", " + rl.at() + ")");
      if (r.trails.size() < 200) {
        r.trails.add(rl.tab() + " logged in again at " + rl.at() + "; its polls before: " + pollsBefore(rl));
      }
    }
    r.anomalies.addAll(Ledger.copy(ledger.anomalies));
    r.unexpectedExits.addAll(Ledger.copy(cluster.unexpected));
    r.counters.putAll(new TreeMap<>(ledger.counters.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))));
    return r;
  }

  /**
   * The truth the clients are judged against: per user, what most nodes say (online with a show, or
   * offline); on a tie, what the first node says. When nodes agree, simply their answer.
   */
  static Map<String, String> majority(Map<String, Map<String, String>> byNode) {
    Set<String> everyone = new TreeSet<>();
    byNode.values().forEach(m -> everyone.addAll(m.keySet()));
    Map<String, String> truth = new TreeMap<>();
    for (String name : everyone) {
      Map<String, Integer> votes = new LinkedHashMap<>();
      for (Map<String, String> m : byNode.values()) {
        votes.merge(m.getOrDefault(name, "-"), 1, Integer::sum);
      }
      String best = null;
      int most = 0;
      for (Map.Entry<String, Integer> e : votes.entrySet()) {
        if (e.getValue() > most) {
          best = e.getKey();
          most = e.getValue();
        }
      }
      if (!"-".equals(best)) {
        truth.put(name, best);
      }
    }
    return truth;
  }

  private static String trailAbout(Tab t, String buddy) {
    List<String> out = new ArrayList<>();
    synchronized (t) {
      for (String e : t.trail) {
        if (e.contains(" login@") || e.contains(" " + buddy + " ")) {
          out.add(e.contains(" login@") ? e.substring(0, e.indexOf(" buddies ")) + (e.contains(buddy + "=")
              ? " with " + buddy : " without " + buddy) : e);
        }
      }
    }
    return out.toString();
  }

  private static String pollsAround(User u, Ledger.Sent m) {
    List<String> out = new ArrayList<>();
    for (Tab t : u.tabs) {
      synchronized (t) {
        for (String e : t.polls) {
          long sent = Long.parseLong(e.substring(0, e.indexOf('.')));
          if (sent >= m.startAt - 15_000 && sent <= m.endAt + 30_000) {
            out.add(t.id + " " + e);
          }
        }
      }
    }
    return String.join("\n      ", out);
  }

  /** The tab's polls sent in the 15 s before it logged in again. */
  private String pollsBefore(Ledger.Relogin rl) {
    List<String> out = new ArrayList<>();
    for (Tab t : traffic.tabs) {
      if (!t.id.equals(rl.tab())) {
        continue;
      }
      synchronized (t) {
        for (String e : t.polls) {
          long sent = Long.parseLong(e.substring(0, e.indexOf('.')));
          if (sent >= rl.at() - 15_000 && sent <= rl.at()) {
            out.add(e);
          }
        }
      }
    }
    return String.join("\n      ", out);
  }

  private static String loginsOf(User u) {
    List<String> out = new ArrayList<>();
    for (Tab t : u.tabs) {
      synchronized (t) {
        for (String e : t.trail) {
          if (e.contains(" login@")) {
            out.add(t.id + " " + e.substring(0, e.indexOf(" buddies ")));
          }
        }
      }
    }
    return out.toString();
  }

  /** Why a message no page got is not held against the router, or null. */
  private String excuse(Ledger.Sent m, long window) {
    for (String node : m.recipientNodes) {
      Incarnation inc = cluster.byId(node);
      if (inc != null && inc.killedBy(m.endAt + window)) {
        return "recipient's page was on " + inc.label() + ", SIGKILLed at " + inc.killedAt;
      }
    }
    User to = traffic.user(m.to);
    if (to.stoppedAt >= 0 && to.lastOkSentAt <= m.endAt) {
      // its tabs stopped before any poll sent after the ack was answered: they never asked for it
      return "recipient stopped before fetching";
    }
    return null;
  }

  private String nodesOf(Ledger.Sent m) {
    return labels(m.recipientNodes);
  }

  private String labels(Set<String> nodes) {
    List<String> out = new ArrayList<>();
    for (String n : nodes) {
      Incarnation inc = cluster.byId(n);
      out.add(inc == null ? n : inc.label());
    }
    return out.toString();
  }
}
