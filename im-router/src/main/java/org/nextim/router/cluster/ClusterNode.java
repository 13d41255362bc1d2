package org.nextim.router.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.nextim.router.core.Broker;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Locator;
import org.nextim.router.core.Packet;
import org.nextim.router.core.Presence;
import org.nextim.router.core.Show;
import org.nextim.router.http.Forwarder;
import org.nextim.router.http.HttpApi;
import org.nextim.router.http.Reply;
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

/**
 * This router as one node of a cluster over the clustered event bus.
 *
 * <p>Every online user has one <em>home</em> node that holds all its pages, so the single-node rules
 * (echo, grace, presence order) run unchanged there. A ticket starts with its home's node id; a request
 * carrying a ticket runs on that node ({@link #nodeOfTicket}, {@link #call}, {@link #poll}); a login runs
 * on the user's home or, for a user who is offline, on the node that rendezvous hashing picks among the
 * live nodes ({@link #homeOf}), so logins spread evenly and two logins of one user meet on one node.
 * Packets travel through {@link ClusterBroker}, presence through {@link ReplicatedPresence}.
 *
 * <p>One event-bus address per node, {@code nextim.node.<id>}, with the operation in the {@code op}
 * header: hello, changes, deliver, call, poll. Nothing is registered per page or per user.
 *
 * <p>A node is <em>live</em> for this one once this one's hello reached it (so this node's event bus
 * knows its address) and its snapshot arrived (so this node knows its users). When a node leaves
 * (crash or shutdown) its pages are gone: polls for its tickets get 404 and the widget logs in again.
 * The live node with the smallest id announces the offline of the gone node's users who have not come
 * back within the grace, so no ghost stays online.
 */
public final class ClusterNode implements Locator, Forwarder {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /** A forwarded call normally takes a millisecond; a node that does not answer in this is gone. */
  private static final long CALL_TIMEOUT_MS = 5_000;
  private static final long RECONCILE_MS = 250;
  private static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final String self;
  private final long pollTimeoutMs;
  private final long idleTimeoutMs;
  private final EventBus bus;
  private final ReplicatedPresence presence;
  /** Nodes this one can reach and whose users it knows (itself included): where it routes. */
  private final Set<String> live = new ConcurrentSkipListSet<>();
  /** Nodes whose hello answer came back (this node's event bus knows their address). */
  private final Set<String> greeted = ConcurrentHashMap.newKeySet();
  /** Nodes whose snapshot arrived. */
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Set<String> greeting = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingOffline = ConcurrentHashMap.newKeySet();
  private final List<Promise<Void>> liveWaiters = new ArrayList<>();
  /** Forwarded calls and polls waiting on each node: failed at once when that node leaves. */
  private final Map<String, Set<Promise<Reply>>> waitingOn = new ConcurrentHashMap<>();
  private ClusterBroker broker;
  private HttpApi api;
  private MessageConsumer<Object> consumer;
  private UUID membershipListener;
  private long reconcileTimer = -1;

  public ClusterNode(Vertx vertx, HazelcastClusterManager manager, long pollTimeoutMs, long idleTimeoutMs) {
    this.vertx = vertx;
    this.manager = manager;
    this.self = manager.getNodeId();
    this.pollTimeoutMs = pollTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.bus = vertx.eventBus();
    this.presence = new ReplicatedPresence(vertx, self, ClusterNode::address);
    live.add(self);
  }

  static String address(String node) {
    return "nextim.node." + node;
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

  public Broker broker(Hub hub, int graceLimit) {
    broker = new ClusterBroker(bus, hub, presence, self, () -> live, graceLimit);
    return broker;
  }

  /**
   * Registers this node's address, then greets every member once. Call on the context that should
   * serve cluster traffic (one event loop: changes are applied in the order they arrive), after
   * {@link #broker}. Members not reachable yet are greeted again every {@value #RECONCILE_MS} ms.
   */
  public Future<Void> start(HttpApi api) {
    this.api = api;
    consumer = bus.consumer(address(self), this::onMessage);
    membershipListener = manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Vert.x names a node by the id it keeps in the member's attributes, not by the member's uuid.
        String node = event.getMember().getAttribute(VERTX_NODE_ID);
        if (node != null) {
          vertx.runOnContext(v -> nodeLeft(node));
        }
      }
    });
    reconcileTimer = vertx.setPeriodic(RECONCILE_MS, id -> reconcile());
    return consumer.completion().compose(v -> reconcile()).onSuccess(v ->
        log.info("cluster node {} started; live nodes {}", self, live));
  }

  /** Leaves quietly: the others see this node go and handle its users as after a crash. */
  public void stop() {
    if (reconcileTimer >= 0) {
      vertx.cancelTimer(reconcileTimer);
    }
    if (membershipListener != null) {
      try {
        manager.getHazelcastInstance().getCluster().removeMembershipListener(membershipListener);
      } catch (RuntimeException e) {
        log.debug("membership listener already gone", e);
      }
    }
    if (consumer != null) {
      consumer.unregister();
    }
    presence.closeAll();
  }

  /** Live nodes, this one included. */
  public Collection<String> liveNodes() {
    return List.copyOf(live);
  }

  /** Completes once {@code n} nodes (this one included) are live for this node. */
  public synchronized Future<Void> whenLive(int n) {
    if (live.size() >= n) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    liveWaiters.add(p);
    return p.future().compose(v -> whenLive(n));
  }

  // ---- Locator ----

  @Override
  public String nodeOfTicket(String ticket) {
    int dot = ticket.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String node = ticket.substring(0, dot);
    return node.equals(self) ? null : node;
  }

  @Override
  public String homeOf(String domain, String name) {
    String home = presence.homeOf(domain, name);
    if (home == null || !live.contains(home)) {
      home = rendezvous(domain, name);
    }
    return home.equals(self) ? null : home;
  }

  /** The live node with the highest hash of (node, domain, user): stable while the nodes stay. */
  private String rendezvous(String domain, String name) {
    String best = self;
    long bestScore = Long.MIN_VALUE;
    for (String node : live) {
      long score = mix(node.hashCode() * 31L + domain.hashCode() * 17L + name.hashCode());
      if (score > bestScore || (score == bestScore && node.compareTo(best) < 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  // ---- Forwarder ----

  @Override
  public Future<Reply> call(String node, String path, String domain, Map<String, String> params) {
    JsonObject body = new JsonObject().put("path", path).put("domain", domain)
        .put("params", new JsonObject(new HashMap<>(params)));
    return waitingOn(node, bus.<Buffer>request(address(node), body, options("call", CALL_TIMEOUT_MS))
        .map(ClusterNode::reply))
        .onFailure(e -> log.debug("call {} to node {} failed: {}", path, node, e.getMessage()));
  }

  @Override
  public Future<Reply> poll(String node, Map<String, String> params) {
    return waitingOn(node, bus.<Buffer>request(address(node), new JsonObject(new HashMap<>(params)),
        options("poll", pollTimeoutMs + CALL_TIMEOUT_MS)).map(ClusterNode::reply));
  }

  /** The reply, or a failure as soon as {@code node} leaves the cluster (not at the timeout). */
  private Future<Reply> waitingOn(String node, Future<Reply> reply) {
    Promise<Reply> promise = Promise.promise();
    Set<Promise<Reply>> waiting = waitingOn.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet());
    waiting.add(promise);
    reply.onComplete(ar -> {
      waiting.remove(promise);
      if (ar.succeeded()) {
        promise.tryComplete(ar.result());
      } else {
        promise.tryFail(ar.cause());
      }
    });
    return promise.future();
  }

  // ---- this node's address ----

  @SuppressWarnings("unchecked")
  private void onMessage(Message<Object> msg) {
    String op = msg.headers().get("op");
    switch (op == null ? "" : op) {
      case "changes" -> onChanges(msg);
      case "deliver" -> broker.onDelivery(msg);
      case "call" -> onCall((JsonObject) msg.body(), msg);
      case "poll" -> api.holdForwardedPoll(strings((JsonObject) msg.body()), vertx.getOrCreateContext(),
          r -> msg.reply(r.body(), replyHeaders(r)));
      case "hello" -> {
        String peer = (String) msg.body();
        presence.openLink(peer);
        msg.reply("ok");
      }
      default -> msg.fail(400, "unknown op " + op);
    }
  }

  private void onChanges(Message<Object> msg) {
    MultiMap h = msg.headers();
    String from = h.get("from");
    boolean applied = presence.onBatch(from, Long.parseLong(h.get("seq")), (JsonArray) msg.body(), () -> {
      known.add(from);
      maybeLive(from);
    });
    if (applied) {
      msg.reply("ok");
    } else {
      msg.fail(409, "out of order");
    }
  }

  private void onCall(JsonObject m, Message<Object> msg) {
    api.runCall(m.getString("path"), m.getString("domain"), strings(m.getJsonObject("params")))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            msg.reply(ar.result().body(), replyHeaders(ar.result()));
          } else {
            msg.fail(500, String.valueOf(ar.cause()));
          }
        });
  }

  private static DeliveryOptions options(String op, long timeoutMs) {
    return new DeliveryOptions().setSendTimeout(timeoutMs).addHeader("op", op);
  }

  private static DeliveryOptions replyHeaders(Reply reply) {
    return new DeliveryOptions().addHeader("status", Integer.toString(reply.status()))
        .addHeader("type", reply.contentType());
  }

  private static Reply reply(Message<Buffer> msg) {
    MultiMap h = msg.headers();
    return new Reply(Integer.parseInt(h.get("status")), h.get("type"), msg.body());
  }

  private static Map<String, String> strings(JsonObject o) {
    Map<String, String> out = new HashMap<>();
    o.forEach(e -> {
      if (e.getValue() != null) {
        out.put(e.getKey(), String.valueOf(e.getValue()));
      }
    });
    return out;
  }

  // ---- membership ----

  /** Greets every member not greeted yet; completes when this round's greetings are answered or failed. */
  private Future<Void> reconcile() {
    List<Future<?>> round = new ArrayList<>();
    Set<String> members = new HashSet<>(manager.getNodes());
    for (String node : members) {
      if (node.equals(self) || greeted.contains(node) || !greeting.add(node)) {
        continue;
      }
      round.add(bus.request(address(node), self, options("hello", CALL_TIMEOUT_MS))
          .onComplete(ar -> {
            greeting.remove(node);
            if (ar.succeeded() && manager.getNodes().contains(node)) {
              greeted.add(node);
              maybeLive(node);
            }
          })
          .otherwise(e -> null));
    }
    return Future.all(round).mapEmpty();
  }

  private void maybeLive(String node) {
    if (greeted.contains(node) && known.contains(node) && live.add(node)) {
      log.info("node {} live; live nodes {}", node, live);
      List<Promise<Void>> release;
      synchronized (this) {
        release = new ArrayList<>(liveWaiters);
        liveWaiters.clear();
      }
      release.forEach(Promise::tryComplete);
    }
  }

  private void nodeLeft(String node) {
    live.remove(node);
    Set<Promise<Reply>> waiting = waitingOn.remove(node);
    if (waiting != null) {
      waiting.forEach(p -> p.tryFail("node " + node + " left the cluster"));
    }
    greeted.remove(node);
    known.remove(node);
    presence.closeLink(node);
    log.info("node {} left; live nodes {}", node, live);
    if (!self.equals(live.iterator().next())) {
      return; // the smallest live node id leads
    }
    // Users homed at nodes that are gone: offline after the grace unless they logged in again.
    presence.forEachHomedAt(home -> !live.contains(home), (domain, name) -> {
      String key = domain + '\n' + name;
      if (pendingOffline.add(key)) {
        vertx.setTimer(idleTimeoutMs, id -> {
          pendingOffline.remove(key);
          announceOfflineIfGone(domain, name);
        });
      }
    });
  }

  private void announceOfflineIfGone(String domain, String name) {
    ReplicatedPresence.Entry e = presence.entry(domain, name);
    if (e == null || live.contains(e.home)) {
      return; // went offline, or came back on a live node
    }
    String deadHome = e.home;
    // Forgotten everywhere first, then announced: a buddy who hears "offline" finds no ghost anywhere.
    presence.removeHomedAt(domain, name, deadHome);
    if (!Show.INVISIBLE.equals(e.info.show())) {
      Packet offline = Packet.presence(name, e.info.nick(), "offline", Show.UNAVAILABLE, "");
      presence.settled().onComplete(v -> broker.toUsers(domain, e.buddies, offline, null));
    }
    log.debug("{}/{} offline (its node {} is gone)", domain, name, deadHome);
  }
}
