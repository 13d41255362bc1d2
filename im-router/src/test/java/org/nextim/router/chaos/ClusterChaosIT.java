package org.nextim.router.chaos;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.nextim.router.chaos.ChaosCluster.Incarnation;
import org.nextim.router.chaos.ChaosCluster.Slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fault injection against a cluster of router JVMs under traffic (Jepsen style). Each scenario starts
 * fresh nodes, runs ~100 users / 130 tabs with real long polls and ~80 messages/s through random nodes,
 * injects its fault, lets the cluster settle and checks what the clients saw: no message lost (except
 * for pages on a SIGKILLed node), none duplicated, no user with pages on two nodes, no ghost, the same
 * {@code /onlines} on every node, every buddy list right, no 404 while a ticket's node lives, and for
 * planned stops no re-login. Prints one {@code CHAOS} line per scenario; details and node logs go to
 * {@code target/chaos/}.
 *
 * <p>Run with {@code mvn -B -pl im-router -am verify -Pchaos} (or {@code bench/chaos.sh}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ClusterChaosIT {

  /** When the fault strikes, after sending started. */
  private static final long FAULT_AT_MS = 8_000;
  /** Traffic goes on this long after the fault ended. */
  private static final long AFTER_FAULT_MS = 10_000;

  /** (z) No fault: validates the harness and its checker; passes on a correct cluster. */
  @Test
  @Order(0)
  void baseline() {
    ChaosSettings s = new ChaosSettings("z-baseline").trafficMs(25_000).selfCheck(true);
    run(s, (c, t, clock) -> 0);
  }

  /** (a) 130 tabs log in at once across 3 nodes while the senders already run. */
  @Test
  @Order(1)
  void loginStorm() {
    ChaosSettings s = new ChaosSettings("a-login-storm").loginStorm(true).trafficMs(25_000);
    run(s, (c, t, clock) -> 0);
  }

  /** (b) The node homing most pages is frozen 12 s (SIGSTOP/SIGCONT), less than failure detection (15 s). */
  @Test
  @Order(2)
  void pausedHome() {
    ChaosSettings s = new ChaosSettings("b-paused-home").failureS(15).idleMs(10_000).trafficMs(120_000);
    run(s, (c, t, clock) -> {
      clock.sleepUntil(t.sendingStartedAt() + FAULT_AT_MS);
      Incarnation victim = busiest(c, t);
      c.pause(victim);
      clock.sleepUntil(clock.now() + 12_000);
      c.resume(victim);
      long quiet = clock.now();
      t.finishAfter(AFTER_FAULT_MS);
      return quiet;
    });
  }

  /** (c) SIGKILL of the node homing most pages; once the cluster noticed, it is started again. */
  @Test
  @Order(3)
  void killAndRestart() {
    ChaosSettings s = new ChaosSettings("c-kill-restart").trafficMs(120_000);
    run(s, (c, t, clock) -> {
      clock.sleepUntil(t.sendingStartedAt() + FAULT_AT_MS);
      Incarnation victim = busiest(c, t);
      c.kill(victim);
      c.awaitDeclaredGone(victim, s.failureS * 1000L + 15_000);
      c.restart(victim.slot);
      long quiet = clock.now();
      t.finishAfter(AFTER_FAULT_MS);
      return quiet;
    });
  }

  /** (d) SIGTERM (a planned stop: pages should move, clients see nothing), then the node starts again. */
  @Test
  @Order(4)
  void sigtermAndRestart() {
    ChaosSettings s = new ChaosSettings("d-sigterm-restart").requireNoRelogin(true).trafficMs(120_000);
    run(s, (c, t, clock) -> {
      clock.sleepUntil(t.sendingStartedAt() + FAULT_AT_MS);
      Incarnation victim = busiest(c, t);
      c.terminate(victim);
      c.restart(victim.slot);
      long quiet = clock.now();
      t.finishAfter(AFTER_FAULT_MS);
      return quiet;
    });
  }

  /** (e) A 4th node joins the 3 under traffic. */
  @Test
  @Order(5)
  void nodeJoins() {
    ChaosSettings s = new ChaosSettings("e-node-joins").trafficMs(120_000);
    run(s, (c, t, clock) -> {
      clock.sleepUntil(t.sendingStartedAt() + FAULT_AT_MS);
      c.add();
      long quiet = clock.now();
      t.finishAfter(AFTER_FAULT_MS);
      return quiet;
    });
  }

  /** (f) Every node in turn gets SIGTERM and starts again (a rolling upgrade). */
  @Test
  @Order(6)
  void rollingRestart() {
    ChaosSettings s = new ChaosSettings("f-rolling-restart").requireNoRelogin(true).trafficMs(180_000);
    run(s, (c, t, clock) -> {
      clock.sleepUntil(t.sendingStartedAt() + 6_000);
      for (Slot slot : c.slots()) {
        c.terminate(slot.current());
        c.restart(slot);
        clock.sleepUntil(clock.now() + 3_000); // traffic on the full cluster before the next one
      }
      long quiet = clock.now();
      t.finishAfter(AFTER_FAULT_MS);
      return quiet;
    });
  }

  // ---- the run ----

  /** What a scenario does to the cluster while traffic flows; returns when its last action ended (0: none). */
  interface Fault {
    long inject(ChaosCluster cluster, Traffic traffic, Clock clock) throws Exception;
  }

  private static void run(ChaosSettings s, Fault fault) {
    Clock clock = new Clock();
    System.out.println("[chaos] " + s);
    Ledger ledger = new Ledger();
    Report report;
    List<String> selfCheck = List.of();
    ChaosCluster cluster = ChaosCluster.start(s, clock);
    Traffic traffic = new Traffic(cluster, s, clock, ledger);
    try {
      traffic.startDoubleHomeSampler();
      if (s.loginStorm) {
        traffic.startSending();
        traffic.loginAll(60_000);
      } else {
        traffic.loginAll(60_000);
        traffic.startSending();
      }
      log(clock, "%d tabs logged in; sending", traffic.tabs.size());
      long quietFrom;
      try {
        quietFrom = fault.inject(cluster, traffic, clock);
      } catch (Exception e) {
        throw new AssertionError("fault injection failed", e);
      }
      traffic.awaitSendingDone();
      log(clock, "sending done (%d messages); settling", ledger.sent.size());
      Checker checker = new Checker(cluster, traffic, ledger, s, clock);
      report = checker.settleAndCheck(quietFrom);
      log(clock, "judged after %d rounds", report.settleRounds);
      if (s.selfCheck && report.failures().isEmpty()) {
        selfCheck = checker.selfCheck(report);
        log(clock, "checker self-check: %s", selfCheck.isEmpty() ? "ok" : selfCheck);
      }
      report.requireNoRelogin = s.requireNoRelogin;
      report.tookMs = clock.now();
    } finally {
      traffic.close();
      cluster.close();
      saveLogs(s.name, cluster);
      traffic.closeHttp();
    }
    System.out.println(report.summary());
    save(s.name + ".summary", report.summary() + "\n");
    save(s.name + ".txt", "[chaos] " + s + "\n" + report.details(Integer.MAX_VALUE));

    assertTrue(report.acked >= 100 && report.received >= 100,
        "the traffic did not flow (the harness is broken?): " + report.summary());
    assertTrue(selfCheck.isEmpty(), "the checker misses what it should see: " + selfCheck);
    Map<String, List<String>> failures = report.failures();
    if (!failures.isEmpty()) {
      StringBuilder msg = new StringBuilder(report.summary()).append('\n');
      failures.forEach((check, items) -> {
        msg.append(check).append(" (").append(items.size()).append("):\n");
        items.stream().limit(25).forEach(i -> msg.append("  ").append(i).append('\n'));
        if (items.size() > 25) {
          msg.append("  … ").append(items.size() - 25).append(" more in target/chaos/").append(s.name)
              .append(".txt\n");
        }
      });
      fail(msg.toString());
    }
  }

  private static void log(Clock clock, String format, Object... args) {
    System.out.printf("[chaos %7.3f] %s%n", clock.now() / 1000.0, String.format(format, args));
  }

  /** The serving incarnation whose node the most running tabs' tickets name. */
  static Incarnation busiest(ChaosCluster c, Traffic t) {
    Map<String, Integer> count = new HashMap<>();
    for (Traffic.Tab tab : t.tabs) {
      String n = tab.ticketNode();
      if (n != null && tab.user.running()) {
        count.merge(n, 1, Integer::sum);
      }
    }
    Incarnation best = null;
    int most = -1;
    for (Incarnation i : c.routable()) {
      int n = count.getOrDefault(i.id, 0);
      if (n > most) {
        best = i;
        most = n;
      }
    }
    if (best == null) {
      throw new AssertionError("no serving node");
    }
    return best;
  }

  private static Path dir() {
    return Path.of(System.getProperty("basedir", "."), "target", "chaos");
  }

  private static void save(String file, String text) {
    try {
      Files.createDirectories(dir());
      Files.writeString(dir().resolve(file), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.out.println("[chaos] cannot write " + file + ": " + e);
    }
  }

  private static void saveLogs(String scenario, ChaosCluster cluster) {
    for (Incarnation i : cluster.incarnations()) {
      save(scenario + "-" + i.label().replace('(', '-').replace(")", "") + ".log", i.process.output());
    }
  }
}
