package org.nextim.router.chaos;

import org.nextim.router.testing.RouterProcess;
import org.nextim.router.testing.TestCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Router JVMs from the fat jar, clustered on 127.0.0.1, and what the harness knows of each: every
 * <em>incarnation</em> (one process, one cluster node id) with its state and since when. A slot keeps
 * its Hazelcast port and environment across restarts; each restart is a new incarnation with a new
 * node id, so a ticket's prefix (the node id before the first '.') names exactly one incarnation.
 *
 * <p>Requests are routed (like a health-checking load balancer) only to incarnations that are
 * {@link State#LIVE}: started, meshed with the others, not paused, not being stopped.
 */
final class ChaosCluster implements AutoCloseable {

  enum State { STARTING, LIVE, PAUSED, TERMINATED, KILLED, DIED }

  /** JVM options of a router node: small heap, cheap GC and JIT (2 cores for everything here). */
  static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /** One process of a slot. Times are {@link Clock} milliseconds. */
  static final class Incarnation {
    final Slot slot;
    final RouterProcess process;
    final String id;
    final String base;
    final long startedAt;
    volatile State state = State.STARTING;
    volatile long liveAt = -1;
    /** When SIGKILL / SIGTERM was sent; Long.MAX_VALUE while neither. */
    volatile long killedAt = Long.MAX_VALUE;
    volatile long terminatedAt = Long.MAX_VALUE;
    /** When the process ended without the harness asking (a crash, or a signal from elsewhere). */
    volatile long diedAt = Long.MAX_VALUE;
    volatile int exitCode = -1;
    /** [pausedAt, resumedAt] pairs. */
    final List<long[]> pauses = new ArrayList<>();

    Incarnation(Slot slot, RouterProcess process, long startedAt) {
      this.slot = slot;
      this.process = process;
      this.id = process.nodeId();
      this.base = "http://127.0.0.1:" + process.port();
      this.startedAt = startedAt;
    }

    /** Gone or going (killed or told to stop) at some moment in [from, to]. */
    boolean goneDuring(long from, long to) {
      return endedAt() <= to;
    }

    boolean killedBy(long t) {
      return killedAt <= t;
    }

    /** The moment it stopped serving for good (kill or SIGTERM), Long.MAX_VALUE while it serves. */
    long endedAt() {
      return Math.min(diedAt, Math.min(killedAt, terminatedAt));
    }

    /** Another node logged that this one left the cluster (e.g. declared dead while paused). */
    boolean declaredGone(ChaosCluster cluster) {
      for (Incarnation other : cluster.incarnations()) {
        if (other != this && other.process.output().contains("node " + id + " left")) {
          return true;
        }
      }
      return false;
    }

    String label() {
      return "n" + slot.index + "(" + id.substring(0, 8) + ")";
    }

    @Override
    public String toString() {
      return label() + " " + state;
    }
  }

  /** A node position: Hazelcast port and environment, its incarnations in order. */
  static final class Slot {
    final int index;
    final int hazelcastPort;
    final Map<String, String> env;
    final List<Incarnation> incarnations = new ArrayList<>();

    Slot(int index, int hazelcastPort, Map<String, String> env) {
      this.index = index;
      this.hazelcastPort = hazelcastPort;
      this.env = env;
    }

    synchronized Incarnation current() {
      return incarnations.get(incarnations.size() - 1);
    }
  }

  private final ChaosSettings settings;
  private final Clock clock;
  private final List<Slot> slots = new ArrayList<>();
  private final Map<String, Incarnation> byId = new HashMap<>();
  private final Thread killer;
  private volatile boolean closing;
  /** Processes that ended without the harness asking: a router crash (or a signal from elsewhere). */
  final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Path jar;

  private ChaosCluster(ChaosSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    // Every incarnation runs the same private copy: a rebuild of target/im-router.jar during the run
    // would break a JVM that loads classes from it (and a restart would run other code).
    try {
      Path dir = Files.createTempDirectory("chaos-router");
      jar = dir.resolve("im-router.jar");
      Files.copy(RouterProcess.packagedJar(), jar);
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot copy " + RouterProcess.packagedJar(), e);
    }
    // If the test JVM dies, no router JVM outlives it.
    killer = new Thread(this::killAll, "chaos-cluster-kill");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /** Starts {@code settings.nodes} nodes at once and waits until each sees every other live. */
  static ChaosCluster start(ChaosSettings settings, Clock clock) {
    ChaosCluster c = new ChaosCluster(settings, clock);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < settings.nodes; i++) {
      ports.add(TestCluster.freePort());
    }
    String members = members(ports);
    for (int i = 0; i < settings.nodes; i++) {
      c.slots.add(new Slot(i, ports.get(i), c.env(ports.get(i), members)));
    }
    try {
      List<CompletableFuture<Incarnation>> starting = new ArrayList<>();
      for (Slot s : c.slots) {
        starting.add(CompletableFuture.supplyAsync(() -> c.launch(s)));
      }
      starting.forEach(CompletableFuture::join);
      c.awaitMesh(60_000);
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static String members(List<Integer> ports) {
    StringBuilder join = new StringBuilder();
    ports.forEach(p -> join.append(join.length() == 0 ? "" : ",").append("127.0.0.1:").append(p));
    return join.toString();
  }

  private Map<String, String> env(int hazelcastPort, String members) {
    Map<String, String> env = new HashMap<>();
    env.put("ROUTER_PORT", "0");
    env.put("ROUTER_HOST", "127.0.0.1");
    env.put("ROUTER_DOMAINS", settings.domain + "=" + settings.apikey);
    env.put("ROUTER_ADMIN_TOKEN", settings.adminToken);
    // The product's load shedding, as shipped (a run may set ROUTER_SHED_LAG_MS, e.g. 0 to compare).
    env.put("ROUTER_SHED_LAG_MS", System.getenv().getOrDefault("ROUTER_SHED_LAG_MS",
        Long.toString(org.nextim.router.RouterConfig.DEFAULT_SHED_LAG_MS)));
    env.put("ROUTER_POLL_TIMEOUT_MS", Long.toString(settings.pollTimeoutMs));
    env.put("ROUTER_IDLE_TIMEOUT_MS", Long.toString(settings.idleMs));
    env.put("ROUTER_EVENT_LOOPS", "2");
    env.put("ROUTER_CLUSTER", "true");
    env.put("ROUTER_CLUSTER_HOST", "127.0.0.1");
    env.put("ROUTER_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("ROUTER_CLUSTER_MEMBERS", members);
    env.put("ROUTER_CLUSTER_JOIN_WAIT_S", "1");
    env.put("ROUTER_CLUSTER_FAILURE_S", Integer.toString(settings.failureS));
    return env;
  }

  private Incarnation launch(Slot slot) {
    long t = clock.now();
    RouterProcess p = RouterProcess.start(jar, slot.env, JVM);
    Incarnation inc = new Incarnation(slot, p, t);
    p.onExit().thenAccept(code -> {
      inc.exitCode = code;
      if (inc.state != State.KILLED && inc.state != State.TERMINATED && !closing) {
        inc.diedAt = clock.now();
        inc.state = State.DIED;
        String line = String.format("%s ended unexpectedly at %.3f s, exit code %d", inc.label(),
            inc.diedAt / 1000.0, code);
        unexpected.add(line);
        log("%s", line);
      }
    });
    synchronized (this) {
      synchronized (slot) {
        slot.incarnations.add(inc);
      }
      byId.put(inc.id, inc);
    }
    return inc;
  }

  /** Waits until every serving incarnation logged {@code node <id> live} for every other; they become LIVE. */
  void awaitMesh(long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<Incarnation> up = new ArrayList<>();
    for (Incarnation i : incarnations()) {
      if (i.state == State.STARTING || i.state == State.LIVE || i.state == State.PAUSED) {
        up.add(i);
      }
    }
    for (Incarnation a : up) {
      for (Incarnation b : up) {
        if (a != b && a.state != State.PAUSED && b.state != State.PAUSED) {
          long left = Math.max(1, deadline - System.currentTimeMillis());
          a.process.awaitOutput(Pattern.compile("node " + Pattern.quote(b.id) + " live"), left);
        }
      }
    }
    long now = clock.now();
    for (Incarnation i : up) {
      if (i.state == State.STARTING) {
        i.liveAt = now;
        i.state = State.LIVE;
        log("%s live", i.label());
      }
    }
  }

  // ---- faults ----

  void pause(Incarnation i) {
    i.state = State.PAUSED; // no new requests go there
    long t = clock.now();
    i.process.pause();
    synchronized (i.pauses) {
      i.pauses.add(new long[] {t, Long.MAX_VALUE});
    }
    log("SIGSTOP %s", i.label());
  }

  void resume(Incarnation i) {
    i.process.resume();
    long t = clock.now();
    synchronized (i.pauses) {
      i.pauses.get(i.pauses.size() - 1)[1] = t;
    }
    i.state = State.LIVE;
    log("SIGCONT %s", i.label());
  }

  void kill(Incarnation i) {
    i.killedAt = clock.now();
    i.state = State.KILLED;
    i.process.kill();
    log("SIGKILL %s", i.label());
  }

  /** SIGTERM and waits for the process to end (the shutdown hook answers held polls first). */
  void terminate(Incarnation i) {
    i.terminatedAt = clock.now();
    i.state = State.TERMINATED;
    i.process.terminateAsync();
    log("SIGTERM %s", i.label());
    if (!i.process.awaitExit(30_000)) {
      throw new AssertionError(i.label() + " still runs 30 s after SIGTERM:\n" + tail(i.process.output()));
    }
    log("%s exited", i.label());
  }

  /** A new incarnation of the slot (same Hazelcast port and environment); waits until meshed. */
  Incarnation restart(Slot slot) {
    Incarnation old = slot.current();
    if (old.process.isAlive()) {
      throw new AssertionError("restart of a slot whose process runs: " + old);
    }
    Incarnation fresh = launch(slot);
    log("%s started (was %s)", fresh.label(), old.label());
    awaitMesh(60_000);
    return fresh;
  }

  /** Starts one more node, listing every slot's port to join; waits until meshed. */
  Incarnation add() {
    List<Integer> ports = new ArrayList<>();
    synchronized (this) {
      slots.forEach(s -> ports.add(s.hazelcastPort));
    }
    int port = TestCluster.freePort();
    ports.add(port);
    Slot slot;
    synchronized (this) {
      slot = new Slot(slots.size(), port, env(port, members(ports)));
      slots.add(slot);
    }
    Incarnation inc = launch(slot);
    log("%s started (joining)", inc.label());
    awaitMesh(60_000);
    return inc;
  }

  /**
   * Waits until another node logged that {@code gone} left the cluster (failure detection), at most
   * {@code timeoutMs}; returns whether it did.
   */
  boolean awaitDeclaredGone(Incarnation gone, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (gone.declaredGone(this)) {
        log("%s declared gone by the cluster", gone.label());
        return true;
      }
      sleep(100);
    }
    return false;
  }

  // ---- what the harness knows ----

  synchronized List<Slot> slots() {
    return new ArrayList<>(slots);
  }

  synchronized List<Incarnation> incarnations() {
    List<Incarnation> all = new ArrayList<>();
    for (Slot s : slots) {
      synchronized (s) {
        all.addAll(s.incarnations);
      }
    }
    return all;
  }

  /** Incarnations requests may go to (LIVE). */
  List<Incarnation> routable() {
    List<Incarnation> out = new ArrayList<>();
    for (Incarnation i : incarnations()) {
      if (i.state == State.LIVE) {
        out.add(i);
      }
    }
    return out;
  }

  /** A random routable incarnation, avoiding {@code avoid} when another exists; null when none. */
  Incarnation pick(Incarnation avoid) {
    List<Incarnation> r = routable();
    if (r.isEmpty()) {
      return null;
    }
    if (avoid != null && r.size() > 1) {
      r.remove(avoid);
    }
    return r.get(ThreadLocalRandom.current().nextInt(r.size()));
  }

  synchronized Incarnation byId(String nodeId) {
    return byId.get(nodeId);
  }

  /** The incarnation a ticket names (prefix before the first '.'), or null. */
  Incarnation ofTicket(String ticket) {
    int dot = ticket == null ? -1 : ticket.indexOf('.');
    return dot <= 0 ? null : byId(ticket.substring(0, dot));
  }

  ChaosSettings settings() {
    return settings;
  }

  private void log(String format, Object... args) {
    System.out.printf("[chaos %7.3f] %s%n", clock.now() / 1000.0, String.format(format, args));
  }

  static String tail(String s) {
    return s.length() > 4000 ? "…" + s.substring(s.length() - 4000) : s;
  }

  private void killAll() {
    for (Incarnation i : incarnations()) {
      if (i.process.isAlive()) {
        try {
          i.process.resume();
        } catch (AssertionError e) {
          // ended meanwhile
        }
        i.process.kill();
      }
    }
  }

  /** Kills every process (the run is over: no need for a graceful stop). */
  @Override
  public void close() {
    closing = true;
    killAll();
    try {
      Files.deleteIfExists(jar);
      Files.deleteIfExists(jar.getParent());
    } catch (java.io.IOException e) {
      // left in the temp directory
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // the JVM is shutting down
    }
  }

  static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
