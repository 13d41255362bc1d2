package org.nextim.router.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Tenant;
import org.nextim.router.core.TenantLimits;
import org.nextim.router.core.TenantsFile;
import org.nextim.router.core.VersionedTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The cluster's tenants, in a Hazelcast {@link IMap} ({@value #MAP}: domain to the tenant's JSON, a
 * tombstone for a deleted one), with a copy on every node that the hot path reads.
 *
 * <p><b>Why an IMap.</b> A change must be decided once for the whole cluster: two operators creating the
 * same domain on two nodes must get one 201 and one 409, and a rotation must not undo a concurrent
 * limit change. The IMap gives that per key — {@code putIfAbsent} and {@code replace(key, old, new)} run
 * on the key's one owner (with a synchronous backup), so every write is a compare-and-set and each
 * tenant's versions grow by one. A ReplicatedMap would copy entries to every member for free reads, but
 * it is eventually consistent with no such compare-and-set: concurrent writes on two members may both
 * "win" for a while. Reads come from the node's own copy instead.
 *
 * <p><b>Every node at once.</b> After its write the changing node sends the new state to every live
 * node over the event bus and answers once they applied it (each within {@value #PUSH_TIMEOUT_MS} ms);
 * the map's entry listener brings the change to a node that missed the push. Copies apply a tenant
 * only if its version is newer, so the two paths never undo each other.
 *
 * <p><b>The file.</b> At start every node merges its tenants file into the map (a file's tenant wins over
 * the map's when its version is not older: the map after a whole-cluster restart holds only seeds), then
 * adds the seeds of {@code ROUTER_DOMAINS} that are absent (a seeded domain the file has, even deleted,
 * keeps the file's state). One node writes the file: the oldest member — Hazelcast lists the members in
 * the same order on every node, oldest first, so they agree on it without an election, and it has seen
 * every change the cluster kept. When it leaves, the next oldest writes at once.
 */
public final class ClusterTenants extends VersionedTenants {

  private static final Logger log = LoggerFactory.getLogger(ClusterTenants.class);
  static final String MAP = "nextim.tenants";
  static final long PUSH_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final HazelcastInstance hz;
  private final String self;
  private final Supplier<Collection<String>> liveNodes;
  private final TenantsFile file;
  private final Map<String, String> seeds;
  private volatile IMap<String, String> map;
  private Context context;
  private MessageConsumer<String> consumer;
  private volatile UUID entryListener;
  private UUID membershipListener;

  /**
   * @param liveNodes the nodes this one delivers to (itself included): where a change is pushed
   * @param file      the tenants file, or null (memory only: the cluster keeps them while one node lives)
   */
  public ClusterTenants(Vertx vertx, HazelcastInstance hz, String self, Supplier<Collection<String>> liveNodes,
                        TenantsFile file, Map<String, String> seeds) {
    this.vertx = vertx;
    this.hz = hz;
    this.self = self;
    this.liveNodes = liveNodes;
    this.file = file;
    this.seeds = seeds;
  }

  static String address(String node) {
    return "nextim.node." + node + ".tenants";
  }

  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    membershipListener = hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        context.runOnContext(v -> persist()); // this node may be the oldest now
      }
    });
    consumer = vertx.eventBus().<String>consumer(address(self), msg -> {
      take(Tenant.fromJson(new JsonObject(msg.body())));
      msg.reply("ok");
    });
    // Registering the listener asks every member: a worker's job, like the loading.
    return consumer.completion().compose(v -> vertx.executeBlocking(() -> {
      map = hz.getMap(MAP);
      entryListener = map.addEntryListener(new Listener(), true);
      return load();
    }, false)).map(all -> {
      all.forEach(this::take);
      log.info("tenants: {} domain(s) in the cluster", all().size());
      persist();
      return null;
    });
  }

  /** Merges the file and the seeds into the map; returns what the map holds then. Blocks. */
  private List<Tenant> load() {
    if (file != null) {
      for (Tenant t : file.read()) {
        storeUnlessOlder(t);
      }
    }
    long now = System.currentTimeMillis();
    seeds.forEach((domain, key) -> map.putIfAbsent(domain,
        Tenant.create(domain, TenantLimits.DEFAULTS, key, now).toJson().encode()));
    List<Tenant> out = new ArrayList<>();
    for (String json : map.values()) {
      out.add(Tenant.fromJson(new JsonObject(json)));
    }
    return out;
  }

  private void storeUnlessOlder(Tenant t) {
    String encoded = t.toJson().encode();
    while (true) {
      String old = map.get(t.domain());
      if (old == null) {
        if (map.putIfAbsent(t.domain(), encoded) == null) {
          return;
        }
      } else if (Tenant.fromJson(new JsonObject(old)).version() > t.version() || map.replace(t.domain(), old, encoded)) {
        return;
      }
    }
  }

  @Override
  public void stop() {
    UUID listener = entryListener;
    IMap<String, String> m = map;
    if (listener != null) {
      vertx.executeBlocking(() -> m.removeEntryListener(listener), false)
          .onFailure(e -> log.debug("Hazelcast already gone", e));
    }
    try {
      if (membershipListener != null) {
        hz.getCluster().removeMembershipListener(membershipListener);
      }
    } catch (RuntimeException e) {
      log.debug("Hazelcast already gone", e);
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }

  @Override
  protected Future<Tenant> update(String domain, UnaryOperator<Tenant> change) {
    return vertx.executeBlocking(() -> {
      while (true) {
        String old = map.get(domain);
        Tenant next = next(old == null ? null : Tenant.fromJson(new JsonObject(old)), change);
        String encoded = next.toJson().encode();
        if (old == null ? map.putIfAbsent(domain, encoded) == null : map.replace(domain, old, encoded)) {
          return next;
        }
      }
    }, false).compose(next -> {
      take(next);
      return push(next).map(next);
    });
  }

  /** Sends {@code t} to every other live node; completes when each applied it or did not answer in time. */
  private Future<Void> push(Tenant t) {
    String json = t.toJson().encode();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(PUSH_TIMEOUT_MS);
    List<Future<?>> acks = new ArrayList<>();
    for (String node : liveNodes.get()) {
      if (!node.equals(self)) {
        acks.add(vertx.eventBus().request(address(node), json, options).onFailure(e ->
            log.warn("{}: node {} did not confirm the change ({}); it gets it from the map", t.domain(), node,
                e.getMessage())));
      }
    }
    return Future.join(acks).otherwiseEmpty().mapEmpty();
  }

  private void take(Tenant t) {
    if (apply(t)) {
      persist();
    }
  }

  /** The oldest member writes the file (see the class comment). */
  private void persist() {
    if (file != null && oldest()) {
      file.save(this::everything);
    }
  }

  private boolean oldest() {
    try {
      Iterator<Member> members = hz.getCluster().getMembers().iterator();
      return members.hasNext() && members.next().localMember();
    } catch (RuntimeException e) {
      return false; // Hazelcast is shutting down
    }
  }

  /** Changes made through the map (a node that missed the push, or one that joined since). */
  private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      changed(event.getValue());
    }

    private void changed(String json) {
      Tenant t = Tenant.fromJson(new JsonObject(json));
      context.runOnContext(v -> take(t));
    }
  }
}
