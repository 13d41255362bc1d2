package org.nextim.router.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.router.core.Broker;
import org.nextim.router.core.Forwarder;
import org.nextim.router.core.Handoff;
import org.nextim.router.core.Hub;
import org.nextim.router.core.LocalCalls;
import org.nextim.router.core.Locator;
import org.nextim.router.core.Packet;
import org.nextim.router.core.Page;
import org.nextim.router.core.Presence;
import org.nextim.router.core.RouterError;
import org.nextim.router.core.RouterNode;
import org.nextim.router.core.Show;
import org.nextim.router.core.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * This router as one node of a cluster over the clustered event bus (Hazelcast).
 *
 * <p><b>Ownership.</b> Every online user has one <em>home</em> node that holds all its pages, so the
 * single-node rules run unchanged there. The {@link HomeDirectory} (a Hazelcast partitioned map, decided
 * by entry processors on the key's owner) says which: a node creates a user only after its claim
 * succeeded, and ends the claim when the user goes offline. A ticket starts with its home's node id; a
 * request carrying a ticket runs on that node ({@link #nodeOfTicket}), a login on the user's home or,
 * for a user without one, here (or, while this node is not taking traffic, on a node picked by
 * rendezvous hashing among the ready nodes) ({@link #homeOf}), which claims it.
 *
 * <p><b>Links.</b> Presence changes and packets travel on one {@link PeerLink} per other node, in lanes
 * ordered per source user, acknowledged and retried (see {@link Lane}); calls and polls for another
 * node's pages through {@link Forwarding}. Each node receives on {@value LinkProtocol#LANES} event loops.
 *
 * <p><b>Joining.</b> A node says hello to every member; each answers with a link whose first frames are
 * a snapshot of its users. A node is <em>ready</em> (takes traffic) once it has the snapshot of every
 * node it greeted, and says so to the others (READY), which then route logins to it.
 *
 * <p><b>Failure.</b> When Hazelcast declares a node gone, calls waiting on it fail at once (404: its
 * pages are gone), deliveries to it count 0, and after the grace every node ends the directory claims
 * of the dead node's users that did not come back: the directory ends each once, and the one node that
 * ended it announces that user's offline. A node that stood still longer than the failure detection
 * (and so may have been given up by the others), or that merges back after a split brain, fences
 * itself: drops its pages without a word and leaves.
 */
public final class ClusterNode implements Locator, LaneReceiver.Sink {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  private static final long RECONCILE_MS = 250;
  /**
   * A hello is tiny: a node that does not answer it this fast is greeted again at the next reconcile, and
   * this node's readiness does not wait for it (a restarted router, or a paused node, answers later).
   */
  private static final long HELLO_TIMEOUT_MS = 500;
  private static final long WATCH_MS = 200;
  private static final int SNAPSHOT_PIECE = 500;
  /** After a dead node's cleanup, how long before this node forgets what is left of it anyway. */
  private static final long FORGET_AFTER_MS = 3_000;

  /** What a cluster node needs to know of the router's settings. */
  public record Settings(long pollTimeoutMs, long idleTimeoutMs, long callTimeoutMs, int failureSeconds,
                         int eventLoops) {
  }

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final HazelcastInstance hz;
  private final String self;
  private final Settings settings;
  private final Links links;
  private final ReplicatedPresence presence;
  private final HomeDirectory directory;
  private final Forwarding forwarding;
  private ClusterBroker broker;
  private RouterNode node;
  private LocalCalls calls;
  private Context context;
  private final List<LaneReceiver> receivers = new ArrayList<>();

  /** Members of the cluster (Vert.x node ids) as Hazelcast says now. */
  private volatile Set<String> members = Set.of();
  /** Nodes whose hello answer came back (this node's event bus knows their address). */
  private final Set<String> greeted = ConcurrentHashMap.newKeySet();
  private final Set<String> greeting = ConcurrentHashMap.newKeySet();
  /**
   * Members of another link protocol version (one side refused the other's greeting): said once each in
   * the log; this node does not turn ready while one of them is a member.
   */
  private final Set<String> refusedPeers = ConcurrentHashMap.newKeySet();
  /** Nodes whose snapshot arrived whole, by link: lanes done so far. */
  private final Map<String, Map<Long, AtomicInteger>> snapshotLanes = new ConcurrentHashMap<>();
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  /** Nodes this one routes to and delivers to, itself included: greeted and known. */
  private final Set<String> live = new ConcurrentSkipListSet<>();
  /** Nodes that said they are ready: logins may be sent there. */
  private final Set<String> readyPeers = ConcurrentHashMap.newKeySet();
  private final List<Promise<Void>> liveWaiters = new ArrayList<>();
  /** Pages handed over on a planned stop, by ticket: the node that holds each now. */
  private final Map<String, String> movedPages = new ConcurrentHashMap<>();
  private volatile boolean firstRoundDone;
  private volatile boolean ready;
  private volatile boolean fenced;
  /** Handing its users over before it stops: serves on, but takes no new user. */
  private volatile boolean draining;
  private Runnable onFenced = () -> { };
  private UUID membershipListener;
  private UUID lifecycleListener;
  private long reconcileTimer = -1;
  private long watchTimer = -1;
  private volatile long lastWatch;
  private final Counter usersHandedOver;
  private final Counter usersAdopted;

  public ClusterNode(Vertx vertx, HazelcastClusterManager manager, Settings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.manager = manager;
    this.hz = manager.getHazelcastInstance();
    this.self = manager.getNodeId();
    this.settings = settings;
    this.links = new Links(vertx, self, registry, settings.eventLoops());
    this.usersHandedOver = Counter.builder("nextim.handoff.users").tag("direction", "out")
        .description("Users handed to another node on a planned stop").register(registry);
    this.usersAdopted = Counter.builder("nextim.handoff.users").tag("direction", "in")
        .description("Users taken over from a node that stopped").register(registry);
    Gauge.builder("nextim.cluster.nodes", live, Set::size).description("Live nodes of the cluster, as this node sees them")
        .register(registry);
    this.presence = new ReplicatedPresence(self, links, this::recordBuddies);
    this.directory = new HomeDirectory(hz);
    this.forwarding = new Forwarding(vertx, settings.callTimeoutMs(), settings.pollTimeoutMs(), this::isMember);
    this.lastWatch = System.nanoTime();
    live.add(self);
  }

  static String controlAddress(String node) {
    return "nextim.node." + node;
  }

  static String laneAddress(String node, int lane) {
    return "nextim.node." + node + ".lane." + lane;
  }

  /** Where the answers to the batches of {@code node}'s lane {@code lane} go. */
  static String ackAddress(String node, int lane) {
    return "nextim.node." + node + ".lane." + lane + ".ack";
  }

  public String id() {
    return self;
  }

  /** What tickets issued here start with. */
  public String ticketPrefix() {
    return self + ".";
  }

  public Presence presence() {
    return presence;
  }

  public Forwarder forwarder() {
    return forwarding;
  }

  public Broker broker(Hub hub, int graceLimit) {
    broker = new ClusterBroker(hub, presence, links, self, graceLimit);
    hub.relay(new HandoffRelay());
    return broker;
  }

  /**
   * A user handed to another node: its state, then the packets that still come here for it and the
   * outcomes of its messages learnt here, all in the user's lane, so they arrive in that order.
   */
  private final class HandoffRelay implements Handoff.Relay {
    @Override
    public void handOff(String to, Handoff handoff) {
      PeerLink link = links.get(to);
      if (link != null) {
        link.send(links.lane(handoff.domain(), handoff.name()), LinkProtocol.handoff(handoff));
      }
    }

    @Override
    public int relay(String to, String domain, String name, Packet packet, String exceptTicket) {
      PeerLink link = links.get(to);
      if (link != null) {
        link.deliver(links.lane(domain, name), LinkProtocol.deliverTo(domain, packet, List.of(name), exceptTicket),
            false);
      }
      return 0;
    }

    @Override
    public void outcome(String to, String domain, String name, Handoff.Outcome outcome) {
      PeerLink link = links.get(to);
      if (link != null) {
        link.send(links.lane(domain, name), LinkProtocol.outcome(domain, name, outcome));
      }
    }
  }

  /** Runs when this node fenced itself (it must leave the cluster: the caller closes it). */
  public void onFenced(Runnable action) {
    this.onFenced = action;
  }

  /**
   * True once this node has the cluster's state and serves requests; false again when it fences or
   * stops. A draining node still serves (it forwards to where its pages went).
   */
  public boolean ready() {
    return ready && !fenced && !justWokeUp();
  }

  /**
   * True right after this node stood still for longer than the cluster may tolerate, before the watch
   * ran: requests that were waiting meanwhile must not be served by a node that may be given up.
   */
  private boolean justWokeUp() {
    long still = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWatch) - WATCH_MS;
    return still >= fenceAfterMs();
  }

  /** Heartbeats go out every second: a node still for (failure time - 1 s) may have been declared dead. */
  private long fenceAfterMs() {
    return TimeUnit.SECONDS.toMillis(settings.failureSeconds() - 1);
  }

  /** Ready and not draining: a load balancer should send it traffic ({@code /health/ready}). */
  public boolean takesTraffic() {
    return ready() && !draining;
  }

  /** What {@code /health/ready} reports of this node besides its verdict. */
  public JsonObject readiness() {
    JsonArray otherVersions = new JsonArray();
    membersOfAnotherVersion().sorted().forEach(otherVersions::add);
    return new JsonObject().put("node", self).put("hasClusterState", ready).put("fenced", fenced)
        .put("draining", draining).put("liveNodes", live.size()).put("otherLinkVersions", otherVersions);
  }

  /**
   * Registers this node's addresses on {@value LinkProtocol#LANES} event loops, then greets every
   * member. Completes when the addresses are registered; {@link #ready()} turns true once every greeted
   * node's snapshot arrived.
   */
  public Future<Void> start(RouterNode node, LocalCalls calls) {
    this.node = node;
    this.calls = calls;
    this.context = vertx.getOrCreateContext();
    refreshMembers();
    membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(v -> {
          refreshMembers();
          reconcile();
        });
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String gone = event.getMember().getAttribute(HomeProcessors.VERTX_NODE_ID);
        context.runOnContext(v -> {
          refreshMembers();
          if (gone != null) {
            nodeLeft(gone);
          }
        });
      }
    });
    lifecycleListener = hz.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
        fence("this node was cut off from the cluster, which gave its users to other nodes");
      }
    });
    AtomicInteger lanes = new AtomicInteger();
    return vertx.deployVerticle(() -> {
      LaneReceiver r = new LaneReceiver(self, lanes.getAndIncrement(), this);
      synchronized (receivers) {
        receivers.add(r);
      }
      return r;
    }, new DeploymentOptions().setInstances(LinkProtocol.LANES)).<Void>mapEmpty().onSuccess(v -> {
      reconcileTimer = vertx.setPeriodic(RECONCILE_MS, id -> reconcile());
      lastWatch = System.nanoTime();
      watchTimer = vertx.setPeriodic(WATCH_MS, id -> watch());
      reconcile().onComplete(ar -> {
        firstRoundDone = true;
        checkReady();
      });
      log.info("cluster node {} started; members {}", self, members);
    });
  }

  /** Leaves: no more frames go out; the others see this node go. */
  public void stop() {
    ready = false;
    if (reconcileTimer >= 0) {
      vertx.cancelTimer(reconcileTimer);
    }
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
    try {
      if (membershipListener != null) {
        hz.getCluster().removeMembershipListener(membershipListener);
      }
      if (lifecycleListener != null) {
        hz.getLifecycleService().removeLifecycleListener(lifecycleListener);
      }
    } catch (RuntimeException e) {
      log.debug("Hazelcast already gone", e);
    }
    links.closeAll();
  }

  /** The members of the cluster as Hazelcast says now (Vert.x node ids), live for this node or not. */
  public Set<String> members() {
    return members;
  }

  /** Live nodes, this one included. */
  public Collection<String> liveNodes() {
    return List.copyOf(live);
  }

  /** Completes once {@code n} nodes (this one included) are live for this node and it is ready. */
  public synchronized Future<Void> whenLive(int n) {
    if (live.size() >= n && ready()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    liveWaiters.add(p);
    return p.future().compose(v -> whenLive(n));
  }

  private void wakeWaiters() {
    List<Promise<Void>> release;
    synchronized (this) {
      release = new ArrayList<>(liveWaiters);
      liveWaiters.clear();
    }
    release.forEach(Promise::tryComplete);
  }

  /** Members that speak another link protocol version (a refused greeting, either way). */
  private Stream<String> membersOfAnotherVersion() {
    return refusedPeers.stream().filter(this::isMember);
  }

  private boolean isMember(String node) {
    return members.contains(node);
  }

  private void refreshMembers() {
    members = Set.copyOf(manager.getNodes());
  }

  // ---- Locator ----

  @Override
  public String nodeOfTicket(String ticket) {
    int dot = ticket.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String moved = movedPages.get(ticket);
    String owner = moved != null ? moved : ticket.substring(0, dot);
    if (owner.equals(self)) {
      return null;
    }
    if (!isMember(owner)) {
      throw RouterError.invalidTicket(); // its node left the cluster, and its pages with it
    }
    return owner;
  }

  @Override
  public String homeOf(String domain, String name) {
    String home = presence.homeOf(domain, name);
    if (home != null && (home.equals(self) || isMember(home))) {
      return home.equals(self) ? null : home;
    }
    if (takesTraffic()) {
      return null; // a new home here: the user's next calls and polls most likely come here too
    }
    String best = rendezvous(loginTargets(), domain, name);
    return best == null || best.equals(self) ? null : best;
  }

  /** Where logins of users without a home may go: ready nodes this one delivers to. */
  private List<String> loginTargets() {
    List<String> out = new ArrayList<>();
    if (takesTraffic()) {
      out.add(self);
    }
    for (String peer : live) {
      if (!peer.equals(self) && readyPeers.contains(peer) && isMember(peer)) {
        out.add(peer);
      }
    }
    return out;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** The user's directory entry as the admin API shows it (see {@link org.nextim.router.admin.Stats#home}). */
  public Future<JsonObject> directoryEntry(String domain, String name) {
    return directory.entry(domain, name, vertx.getOrCreateContext())
        .map(h -> h == null ? null : new JsonObject().put("node", h.node).put("version", h.version));
  }

  @Override
  public Future<Claim> claim(String domain, String name) {
    if (fenced || draining) {
      return Future.failedFuture(RouterError.unavailable("this node is leaving the cluster; retry"));
    }
    return directory.claim(domain, name, self, vertx.getOrCreateContext()).transform(ar -> {
      if (ar.failed()) {
        log.warn("{}/{}: the directory could not decide a home: {}", domain, name, ar.cause().toString());
        return Future.failedFuture(RouterError.unavailable("the cluster cannot decide the user's home now; retry"));
      }
      Home home = ar.result();
      if (home == null || home.node == null) {
        return Future.failedFuture(RouterError.unavailable("this node is not a member of the cluster now; retry"));
      }
      return Future.succeededFuture(new Claim(home.node.equals(self) ? null : home.node, home.version));
    });
  }

  /** The home's users' buddies live in the directory (see {@link Home}). */
  private void recordBuddies(String domain, String name, long version, List<String> buddies) {
    directory.setBuddies(domain, name, self, version, List.copyOf(buddies), vertx.getOrCreateContext())
        .onFailure(e -> log.warn("{}/{}: recording the buddies failed: {}", domain, name, e.toString()));
  }

  @Override
  public void release(String domain, String name, long version) {
    directory.release(domain, name, self, version, vertx.getOrCreateContext()).onFailure(e ->
        log.warn("{}/{}: ending the home claim failed: {}", domain, name, e.toString()));
  }

  // ---- LaneReceiver.Sink ----

  @Override
  public ReplicatedPresence replicatedPresence() {
    return presence;
  }

  @Override
  public ClusterBroker broker() {
    return broker;
  }

  @Override
  public void acknowledged(String from, long link, int lane, LinkProtocol.Reader acks) {
    PeerLink peer = links.get(from);
    if (peer != null) {
      peer.acknowledged(link, lane, acks);
    }
  }

  @Override
  public void refused(String from, long link, int lane, String reason) {
    PeerLink peer = links.get(from);
    if (peer != null) {
      peer.refused(link, lane, reason);
    }
  }

  @Override
  public void control(Message<Buffer> msg) {
    String op = msg.headers().get("op");
    if ("hello".equals(op)) {
      String peer = msg.body().toString();
      String version = msg.headers().get(LinkProtocol.VERSION_HEADER);
      if (!String.valueOf(LinkProtocol.VERSION).equals(version)) {
        String reason = "link protocol v" + (version == null ? "1" : version) + " refused: this node speaks v"
            + LinkProtocol.VERSION;
        if (refusedPeers.add(peer)) {
          log.error("node {} greeted this node: {}; it gets no link from this node", peer, reason);
        }
        msg.fail(LinkProtocol.VERSION_MISMATCH, reason);
        return;
      }
      if (!fenced) {
        links.open(peer, this::streamSnapshot);
      }
      msg.reply(Buffer.buffer("ok"));
    } else if ("call".equals(op) || "poll".equals(op)) {
      Forwarding.serve(msg, calls, vertx.getOrCreateContext());
    } else {
      msg.fail(LinkProtocol.VERSION_MISMATCH, "unknown operation " + op);
    }
  }

  /**
   * A new link's first frames: where this node's pages handed over from other nodes are (so a node
   * that joins after a handoff finds them by their old tickets), this node's users, then SNAPSHOT_END,
   * then READY if this node is.
   */
  private void streamSnapshot(PeerLink link) {
    Context here = vertx.getOrCreateContext();
    for (Page page : node.hub().pages()) {
      if (!page.ticket().startsWith(ticketPrefix())) {
        link.send(0, LinkProtocol.moved(page.ticket(), self));
      }
    }
    presence.streamSnapshot(link, SNAPSHOT_PIECE, next -> here.runOnContext(v -> next.run()), () -> {
      if (ready()) {
        link.send(0, LinkProtocol.marker(LinkProtocol.READY));
      }
    });
  }

  @Override
  public void snapshotLaneDone(String from, long link, int lane) {
    AtomicInteger done = snapshotLanes.computeIfAbsent(from, f -> new ConcurrentHashMap<>())
        .computeIfAbsent(link, l -> new AtomicInteger());
    if (done.incrementAndGet() == LinkProtocol.LANES) {
      context.runOnContext(v -> {
        known.add(from);
        maybeLive(from);
      });
    }
  }

  @Override
  public void peerReady(String from) {
    readyPeers.add(from);
  }

  @Override
  public void moved(String ticket, String node) {
    movedPages.put(ticket, node);
  }

  @Override
  public void adopt(Handoff handoff) {
    usersAdopted.increment();
    this.node.adopt(handoff);
  }

  @Override
  public void outcome(String domain, String name, Handoff.Outcome outcome) {
    node.learn(domain, name, outcome);
  }

  @Override
  public void peerLeaving(String from) {
    readyPeers.remove(from);
  }

  // ---- handoff ----

  /**
   * A planned stop: hands every user of this node to a ready node (rendezvous), so that each page goes
   * on there with the same ticket, cursor and queue, and nobody notices. In order: the others stop
   * sending logins here (LEAVING); each user's directory claim moves to its new home; its state goes in
   * its lane to that node (HANDOFF), and packets that still arrive for it follow it there in the same
   * lane; once its new homes have applied everything, every node learns where each page went (MOVED).
   * Completes when that is done, or after {@code limitMs}; with no other ready node it hands nothing.
   */
  public Future<Void> drain(long limitMs) {
    draining = true;
    for (PeerLink link : links.all()) {
      link.send(0, LinkProtocol.marker(LinkProtocol.LEAVING));
    }
    List<String> targets = new ArrayList<>(loginTargets());
    targets.remove(self);
    if (targets.isEmpty() || fenced) {
      return Future.succeededFuture();
    }
    Map<String, Map<String, User>> byTarget = new HashMap<>();
    for (User user : node.hub().users()) {
      String to = rendezvous(targets, user.domain(), user.name());
      byTarget.computeIfAbsent(to, t -> new HashMap<>())
          .put(HomeDirectory.key(user.domain(), user.name()), user);
    }
    long started = System.nanoTime();
    List<Future<?>> moves = new ArrayList<>();
    Context here = vertx.getOrCreateContext();
    Map<String, String> tickets = new ConcurrentHashMap<>();
    byTarget.forEach((to, users) -> moves.add(directory.moveAll(users.keySet(), self, to, here).compose(homes -> {
      PeerLink link = links.get(to);
      if (link == null) {
        return Future.succeededFuture();
      }
      List<Handoff> handed = new ArrayList<>();
      for (Map.Entry<String, Home> e : homes.entrySet()) {
        User user = users.get(e.getKey());
        Home home = e.getValue();
        if (user == null || home == null || !to.equals(home.node)) {
          continue; // no longer this node's user
        }
        Handoff h = node.handOff(user, to, home.version); // sent on the link in the user's lane
        if (h != null) {
          handed.add(h);
        }
      }
      log.info("handing {} users to node {}", handed.size(), to);
      usersHandedOver.increment(handed.size());
      // Only once the new home has them do calls and polls for these pages go there.
      return link.acked().onSuccess(v -> {
        for (Handoff h : handed) {
          node.handedOver(h);
          for (Handoff.PageState page : h.pages()) {
            movedPages.put(page.ticket(), to);
            tickets.put(page.ticket(), to);
          }
        }
      });
    })));
    return Future.all(moves).compose(v -> {
      tickets.forEach((ticket, to) -> links.sendToAll(0, LinkProtocol.moved(ticket, to)));
      List<Future<Void>> told = new ArrayList<>();
      links.all().forEach(l -> told.add(l.acked()));
      return Future.all(told);
    }).<Void>mapEmpty()
        .timeout(limitMs, TimeUnit.MILLISECONDS)
        .onComplete(ar -> log.info("node {} handed its pages over in {} ms{}", self,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            ar.succeeded() ? "" : " (not all: " + ar.cause().getMessage() + ")"))
        .otherwiseEmpty();
  }

  /** Completes when every peer applied what this node sent so far, or after {@code limitMs}. */
  public Future<Void> flushed(long limitMs) {
    List<Future<Void>> all = new ArrayList<>();
    links.all().forEach(l -> all.add(l.acked()));
    return Future.all(all).<Void>mapEmpty().timeout(limitMs, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }

  private static String rendezvous(List<String> candidates, String domain, String name) {
    String best = null;
    long bestScore = Long.MIN_VALUE;
    for (String candidate : candidates) {
      long score = mix(candidate.hashCode() * 31L + domain.hashCode() * 17L + name.hashCode());
      if (best == null || score > bestScore || (score == bestScore && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  // ---- membership ----

  /** Greets every member not greeted yet; completes when this round's greetings are answered or failed. */
  private Future<Void> reconcile() {
    if (fenced) {
      return Future.succeededFuture();
    }
    List<Future<?>> round = new ArrayList<>();
    for (String peer : new HashSet<>(members)) {
      if (peer.equals(self) || greeted.contains(peer) || !greeting.add(peer)) {
        continue;
      }
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(HELLO_TIMEOUT_MS).addHeader("op", "hello")
          .addHeader(LinkProtocol.VERSION_HEADER, String.valueOf(LinkProtocol.VERSION));
      round.add(vertx.eventBus().request(controlAddress(peer), Buffer.buffer(self), options)
          .onComplete(ar -> {
            greeting.remove(peer);
            if (ar.succeeded() && isMember(peer)) {
              greeted.add(peer);
              maybeLive(peer);
            } else if (ar.cause() instanceof ReplyException re && re.failureCode() == LinkProtocol.VERSION_MISMATCH
                && refusedPeers.add(peer)) {
              log.error("node {} refuses this node: {}", peer, re.getMessage());
            }
          })
          .otherwise(e -> null));
    }
    return Future.all(round).mapEmpty();
  }

  private void maybeLive(String peer) {
    if (greeted.contains(peer) && known.contains(peer) && isMember(peer) && live.add(peer)) {
      log.info("node {} live; live nodes {}", peer, live);
      wakeWaiters();
    }
    checkReady();
  }

  /**
   * Ready once the first round of greetings is over, every greeted node's snapshot is here, and no
   * member speaks another link protocol version (this node could not have that member's state: during
   * an upgrade across versions a new node stays out of the old cluster's traffic).
   */
  private void checkReady() {
    if (ready || fenced || !firstRoundDone) {
      return;
    }
    if (membersOfAnotherVersion().findAny().isPresent()) {
      return;
    }
    for (String peer : greeted) {
      if (!known.contains(peer) && isMember(peer)) {
        return;
      }
    }
    ready = true;
    log.info("node {} ready: it has the cluster's state ({} users known)", self, presence.countByHome());
    for (PeerLink link : links.all()) {
      link.send(0, LinkProtocol.marker(LinkProtocol.READY));
    }
    wakeWaiters();
  }

  private void nodeLeft(String gone) {
    refusedPeers.remove(gone);
    live.remove(gone);
    greeted.remove(gone);
    known.remove(gone);
    readyPeers.remove(gone);
    snapshotLanes.remove(gone);
    movedPages.values().removeIf(gone::equals);
    forwarding.nodeLeft(gone);
    links.close(gone);
    synchronized (receivers) {
      receivers.forEach(r -> r.forget(gone));
    }
    log.info("node {} left; live nodes {}", gone, live);
    checkReady();
    if (!fenced) {
      vertx.setTimer(settings.idleTimeoutMs(), id -> cleanUp(gone, 0));
    }
  }

  /**
   * The grace of a dead node's users is over: ends their directory claims (those who came back have a
   * new one) and announces the offline of the users whose claim this node ended — each user's claim
   * ends once in the whole cluster, so each offline is announced once.
   */
  private void cleanUp(String gone, int attempt) {
    if (fenced || isMember(gone)) {
      return;
    }
    vertx.executeBlocking(() -> directory.releaseAllOf(gone)).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("cleaning up after node {} failed (attempt {}): {}", gone, attempt + 1, ar.cause().toString());
        if (attempt < 5) {
          vertx.setTimer(1_000L << attempt, id -> cleanUp(gone, attempt + 1));
        }
        return;
      }
      int announced = 0;
      for (Map.Entry<String, Home> ended : ar.result().entrySet()) {
        String[] dn = HomeDirectory.split(ended.getKey());
        ReplicatedPresence.Entry e = presence.entry(dn[0], dn[1]);
        if (e == null || !gone.equals(e.home())) {
          continue;
        }
        // Forgotten everywhere first (same lane as the offline), then announced to the buddies the
        // directory kept for it.
        presence.removeHomedAt(dn[0], dn[1], gone, e.version());
        if (!Show.INVISIBLE.equals(e.info().show())) {
          broker.toUsers(dn[0], ended.getValue().buddies,
              Packet.presence(dn[1], e.info().nick(), "offline", Show.UNAVAILABLE, ""), null);
        }
        announced++;
      }
      log.info("node {} gone: {} of its users went offline here", gone, announced);
      vertx.setTimer(FORGET_AFTER_MS, id -> {
        if (!isMember(gone)) {
          int forgotten = presence.forgetHomedAt(gone);
          if (forgotten > 0) {
            log.debug("forgot {} users of node {} that another node cleaned up", forgotten, gone);
          }
        }
      });
    });
  }

  // ---- fencing ----

  /** Notices when this node stood still (GC, a stopped VM) long enough for the others to give it up. */
  private void watch() {
    long now = System.nanoTime();
    long still = TimeUnit.NANOSECONDS.toMillis(now - lastWatch) - WATCH_MS;
    lastWatch = now;
    if (still >= fenceAfterMs()) {
      fence("this node stood still for " + still + " ms, long enough for the cluster to give it up");
    }
  }

  private void fence(String why) {
    if (fenced) {
      return;
    }
    fenced = true;
    log.error("fencing node {}: {}; it drops its pages and leaves (restart it)", self, why);
    vertx.runOnContext(v -> {
      if (node != null) {
        node.dropAll();
      }
      links.closeAll();
      onFenced.run();
    });
  }
}
