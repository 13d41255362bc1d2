package org.nextim.router.chaos;

/** What one scenario runs with: cluster settings, traffic shape, timeline. Chained setters. */
final class ChaosSettings {

  final String name;
  String domain = "chaos.test";
  String apikey = "chaoskey";
  /** The nodes' admin token: the harness asks the admin API where a user's pages are. */
  String adminToken = "chaos-admin-token";
  int nodes = 3;
  /** ROUTER_POLL_TIMEOUT_MS; a page gives up a poll after this + 4 s, as the widget does. */
  long pollTimeoutMs = 4_000;
  /** ROUTER_IDLE_TIMEOUT_MS: page idle limit and grace. */
  long idleMs = 6_000;
  /** ROUTER_CLUSTER_FAILURE_S. */
  int failureS = 6;
  int users = 100;
  /** Users 0..twoTabUsers-1 have two tabs (two logins, two pages). */
  int twoTabUsers = 30;
  /** Extra random symmetric buddy pairs per user, besides the ring neighbours i±1, i±2. */
  int randomBuddies = 2;
  /** Messages per second over all senders; {@code -Dchaos.rate=2000} for a heavier run. */
  double messagesPerSecond = Double.parseDouble(System.getProperty("chaos.rate", "80"));
  /**
   * Sending stops after this long (from the start of traffic) or after maxMessages
   * ({@code -Dchaos.max.messages}: a heavy run wants rate x traffic seconds, else it stops early).
   */
  long trafficMs = 30_000;
  int maxMessages = Integer.getInteger("chaos.max.messages", 10_000);
  /** Sends in flight at most ({@code -Dchaos.max.outstanding}); a send beyond them is skipped and counted. */
  int maxOutstanding = Integer.getInteger("chaos.max.outstanding", 200);
  /**
   * The site's HTTP client ({@code -Dchaos.site.client}): {@code jdk} (the default, {@link ChaosHttp}) or
   * {@code vertx} ({@link SiteHttp}: it keeps up with ~2,000 calls/s where the JDK's completes ~1,200;
   * docs/benchmarks.md, sessions 18 and 19).
   */
  String siteClient = System.getProperty("chaos.site.client", "jdk");
  /** Show changes (available/away/dnd/chat) per second, from random tabs. */
  double showsPerSecond = 1;
  /** All tabs log in at the same moment (otherwise one after the other). */
  boolean loginStorm = false;
  /** Users whose tabs all stop, at 35 % and at 60 % of the traffic (half by /presences/offline, half silent). */
  int stoppersPerGroup = 5;
  /** Assert that no page had to log in again (planned stops hand pages over). */
  boolean requireNoRelogin = false;
  /** After a passing run, check that the checker sees a hidden loss, a wrong view and a duplicate. */
  boolean selfCheck = false;
  long seed = Long.getLong("chaos.seed", System.nanoTime());

  ChaosSettings(String name) {
    this.name = name;
  }

  ChaosSettings nodes(int n) { nodes = n; return this; }
  ChaosSettings pollTimeoutMs(long ms) { pollTimeoutMs = ms; return this; }
  ChaosSettings idleMs(long ms) { idleMs = ms; return this; }
  ChaosSettings failureS(int s) { failureS = s; return this; }
  ChaosSettings trafficMs(long ms) { trafficMs = ms; return this; }
  ChaosSettings loginStorm(boolean b) { loginStorm = b; return this; }
  ChaosSettings requireNoRelogin(boolean b) { requireNoRelogin = b; return this; }
  ChaosSettings rate(double perSecond) { messagesPerSecond = perSecond; return this; }
  ChaosSettings selfCheck(boolean b) { selfCheck = b; return this; }

  /** How long a page waits for a poll before it gives up and polls again with the same cursor. */
  long pollGiveUpMs() {
    return pollTimeoutMs + 4_000;
  }

  @Override
  public String toString() {
    return name + " nodes=" + nodes + " poll=" + pollTimeoutMs + "ms idle=" + idleMs + "ms failure=" + failureS
        + "s users=" + users + " tabs=" + (users + twoTabUsers) + " rate=" + messagesPerSecond + "/s traffic="
        + trafficMs + "ms seed=" + seed;
  }
}
