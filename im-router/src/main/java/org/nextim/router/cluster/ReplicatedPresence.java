package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.nextim.router.core.Presence;
import org.nextim.router.core.PresenceInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@link Presence} for a cluster: every node keeps a full copy of who is online, with the node that
 * holds each user's pages (its home). Only a user's home changes its entry; it applies the change here
 * and hands it to a {@link PeerLink} per other node, which delivers the changes in order. Reads are
 * local and never wait for the network.
 *
 * <p>A node that joins says hello to each node; that node opens a link to it whose first batch is the
 * snapshot of the users it homes, taken under the write lock so no change falls between the snapshot
 * and the link. So every copy sees a user's changes in the order they were made.
 */
final class ReplicatedPresence implements Presence {

  /** One online user as every node knows it. */
  static final class Entry {
    volatile PresenceInfo info;
    volatile String home;
    volatile List<String> buddies;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();

    Entry(PresenceInfo info, String home, List<String> buddies) {
      this.info = info;
      this.home = home;
      this.buddies = buddies;
    }
  }

  private static final class DomainView {
    final ConcurrentHashMap<String, Entry> users = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
  }

  private static final long SETTLE_LIMIT_MS = 2_000;

  private final ConcurrentHashMap<String, DomainView> domains = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final String self;
  private final Function<String, String> addressOf;
  /** Links to the nodes this node sends its changes to. */
  private final ConcurrentHashMap<String, PeerLink> links = new ConcurrentHashMap<>();
  /** Changes take the read lock (they run in parallel); opening a link takes the write lock. */
  private final ReentrantReadWriteLock linksLock = new ReentrantReadWriteLock();
  /** The next batch expected from each node's link to this one. */
  private final ConcurrentHashMap<String, Long> expected = new ConcurrentHashMap<>();

  ReplicatedPresence(Vertx vertx, String self, Function<String, String> addressOf) {
    this.vertx = vertx;
    this.self = self;
    this.addressOf = addressOf;
  }

  /**
   * Completes when every linked node has applied the changes made before this call, or after
   * {@value #SETTLE_LIMIT_MS} ms: a node that takes longer is dying, and the caller should not wait for
   * the cluster to notice.
   */
  @Override
  public Future<Void> settled() {
    if (links.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> all = new ArrayList<>();
    links.values().forEach(l -> all.add(l.settled()));
    return Future.all(all).<Void>mapEmpty()
        .timeout(SETTLE_LIMIT_MS, TimeUnit.MILLISECONDS)
        .otherwiseEmpty();
  }

  /** {@code peer} said hello: from now on it gets this node's changes, starting with a snapshot. */
  void openLink(String peer) {
    linksLock.writeLock().lock();
    try {
      JsonObject snapshot = new JsonObject().put("op", "snapshot").put("home", self).put("users", snapshot(self));
      PeerLink old = links.put(peer, new PeerLink(vertx, self, peer, addressOf.apply(peer), snapshot));
      if (old != null) {
        old.close();
      }
    } finally {
      linksLock.writeLock().unlock();
    }
  }

  /** {@code peer} left the cluster. */
  void closeLink(String peer) {
    PeerLink link = links.remove(peer);
    if (link != null) {
      link.close();
    }
    expected.remove(peer);
  }

  /** This node stops: no more changes go out. */
  void closeAll() {
    links.values().forEach(PeerLink::close);
    links.clear();
  }

  /** Sends a change this node made to every linked node. */
  private void share(JsonObject change) {
    for (PeerLink link : links.values()) {
      link.enqueue(change);
    }
  }

  private DomainView view(String domain) {
    return domains.computeIfAbsent(domain, d -> new DomainView());
  }

  // ---- Presence: reads are local; writes are made here (this node is the user's home) and published ----

  @Override
  public PresenceInfo get(String domain, String name) {
    Entry e = view(domain).users.get(name);
    return e == null ? null : e.info;
  }

  /** The node holding the user's pages, or null when the user is offline. */
  String homeOf(String domain, String name) {
    Entry e = view(domain).users.get(name);
    return e == null ? null : e.home;
  }

  Entry entry(String domain, String name) {
    return view(domain).users.get(name);
  }

  @Override
  public void put(String domain, PresenceInfo info, List<String> buddies) {
    linksLock.readLock().lock();
    try {
      applyPut(domain, info, self, buddies);
      share(putMessage(domain, info, self, buddies));
    } finally {
      linksLock.readLock().unlock();
    }
  }

  @Override
  public void remove(String domain, String name) {
    removeHomedAt(domain, name, self);
  }

  /** Forgets the user if its home is still {@code home} (a dead node's user, or this node's). */
  void removeHomedAt(String domain, String name, String home) {
    linksLock.readLock().lock();
    try {
      if (applyRemove(domain, name, home)) {
        share(new JsonObject().put("op", "remove").put("d", domain).put("n", name).put("home", home));
      }
    } finally {
      linksLock.readLock().unlock();
    }
  }

  @Override
  public boolean join(String domain, String room, String name) {
    linksLock.readLock().lock();
    try {
      boolean added = applyJoin(domain, room, name);
      if (added) {
        share(new JsonObject().put("op", "join").put("d", domain).put("r", room).put("n", name));
      }
      return added;
    } finally {
      linksLock.readLock().unlock();
    }
  }

  @Override
  public boolean leave(String domain, String room, String name) {
    linksLock.readLock().lock();
    try {
      boolean removed = applyLeave(domain, room, name);
      if (removed) {
        share(new JsonObject().put("op", "leave").put("d", domain).put("r", room).put("n", name));
      }
      return removed;
    } finally {
      linksLock.readLock().unlock();
    }
  }

  @Override
  public Collection<String> members(String domain, String room) {
    Set<String> members = view(domain).rooms.get(room);
    return members == null ? List.of() : members;
  }

  // ---- changes from other nodes ----

  /**
   * A batch of {@code from}'s changes. Returns false when it is out of order (the sender sends it again);
   * a batch seen before is acknowledged without applying it twice. Batch 1 starts a new link (snapshot).
   * Returns whether {@code from}'s snapshot was in it through {@code snapshotApplied}.
   */
  boolean onBatch(String from, long seq, JsonArray changes, Runnable snapshotApplied) {
    long want = seq == 1 ? 1 : expected.getOrDefault(from, 1L);
    if (seq < want) {
      return true;
    }
    if (seq > want) {
      return false;
    }
    for (int i = 0; i < changes.size(); i++) {
      JsonObject m = changes.getJsonObject(i);
      String domain = m.getString("d");
      switch (m.getString("op")) {
        case "snapshot" -> {
          applySnapshot(m.getString("home"), m.getJsonArray("users"));
          snapshotApplied.run();
        }
        case "put" -> applyPut(domain, info(m), m.getString("home"), strings(m.getJsonArray("buddies")));
        case "remove" -> applyRemove(domain, m.getString("n"), m.getString("home"));
        case "join" -> applyJoin(domain, m.getString("r"), m.getString("n"));
        case "leave" -> applyLeave(domain, m.getString("r"), m.getString("n"));
        default -> { }
      }
    }
    expected.put(from, seq + 1);
    return true;
  }

  /** The users homed at {@code home}, with their rooms: what a joining node needs from this one. */
  JsonArray snapshot(String home) {
    JsonArray out = new JsonArray();
    domains.forEach((domain, view) -> view.users.forEach((name, e) -> {
      if (home.equals(e.home)) {
        out.add(putMessage(domain, e.info, e.home, e.buddies).put("rooms", new JsonArray(new ArrayList<>(e.rooms))));
      }
    }));
    return out;
  }

  /** Replaces what this copy knows of {@code home}'s users by that node's own account of them. */
  void applySnapshot(String home, JsonArray users) {
    forEachHomedAt(home::equals, (domain, name) -> applyRemove(domain, name, home));
    for (int i = 0; i < users.size(); i++) {
      JsonObject u = users.getJsonObject(i);
      String domain = u.getString("d");
      applyPut(domain, info(u), home, strings(u.getJsonArray("buddies")));
      for (String room : strings(u.getJsonArray("rooms"))) {
        applyJoin(domain, room, u.getString("n"));
      }
    }
  }

  /** Calls {@code action(domain, name)} for each user whose home matches. */
  void forEachHomedAt(java.util.function.Predicate<String> home, BiConsumer<String, String> action) {
    List<String[]> found = new ArrayList<>();
    domains.forEach((domain, view) -> view.users.forEach((name, e) -> {
      if (home.test(e.home)) {
        found.add(new String[] {domain, name});
      }
    }));
    for (String[] f : found) {
      action.accept(f[0], f[1]);
    }
  }

  // ---- the copy itself ----

  private void applyPut(String domain, PresenceInfo info, String home, List<String> buddies) {
    view(domain).users.compute(info.name(), (n, e) -> {
      if (e == null) {
        return new Entry(info, home, buddies);
      }
      e.info = info;
      e.home = home;
      e.buddies = buddies;
      return e;
    });
  }

  private boolean applyRemove(String domain, String name, String home) {
    DomainView view = view(domain);
    Entry[] removed = new Entry[1];
    view.users.computeIfPresent(name, (n, e) -> {
      if (!home.equals(e.home)) {
        return e;
      }
      removed[0] = e;
      return null;
    });
    if (removed[0] == null) {
      return false;
    }
    for (String room : removed[0].rooms) {
      leaveIndex(view, room, name);
    }
    return true;
  }

  private boolean applyJoin(String domain, String room, String name) {
    DomainView view = view(domain);
    Entry e = view.users.get(name);
    if (e != null) {
      e.rooms.add(room);
    }
    boolean[] added = new boolean[1];
    view.rooms.compute(room, (r, members) -> {
      Set<String> set = members != null ? members : ConcurrentHashMap.newKeySet();
      added[0] = set.add(name);
      return set;
    });
    return added[0];
  }

  private boolean applyLeave(String domain, String room, String name) {
    DomainView view = view(domain);
    Entry e = view.users.get(name);
    if (e != null) {
      e.rooms.remove(room);
    }
    return leaveIndex(view, room, name);
  }

  private static boolean leaveIndex(DomainView view, String room, String name) {
    boolean[] removed = new boolean[1];
    view.rooms.computeIfPresent(room, (r, members) -> {
      removed[0] = members.remove(name);
      return members.isEmpty() ? null : members;
    });
    return removed[0];
  }

  private JsonObject putMessage(String domain, PresenceInfo info, String home, List<String> buddies) {
    return new JsonObject().put("op", "put").put("d", domain).put("n", info.name()).put("nick", info.nick())
        .put("show", info.show()).put("status", info.status()).put("home", home)
        .put("buddies", new JsonArray(new ArrayList<>(buddies)));
  }

  private static PresenceInfo info(JsonObject m) {
    return new PresenceInfo(m.getString("n"), m.getString("nick"), m.getString("show"), m.getString("status"));
  }

  private static List<String> strings(JsonArray a) {
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(a.size());
    for (Object o : a) {
      out.add(String.valueOf(o));
    }
    return List.copyOf(out);
  }

  /** Number of users this copy knows, per home (for logs and tests). */
  Map<String, Integer> countByHome() {
    Map<String, Integer> out = new ConcurrentHashMap<>();
    domains.forEach((d, view) -> view.users.forEach((n, e) -> out.merge(e.home, 1, Integer::sum)));
    return out;
  }
}
