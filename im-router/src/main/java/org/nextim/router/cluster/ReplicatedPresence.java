package org.nextim.router.cluster;

import io.vertx.core.Future;
import org.nextim.router.core.Presence;
import org.nextim.router.core.PresenceInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link Presence} for a cluster: every node keeps a full copy of who is online and where (each user's
 * home and the version of its home's claim). Only a user's home changes its entry: it applies the
 * change here and queues it, in the user's lane, on its link to every other node. Reads are local and
 * never wait for the network.
 *
 * <p>Entries carry the version of the home's claim (see {@link HomeDirectory}): a change from an older
 * claim never overwrites a newer entry, whatever order two homes' changes arrive in.
 *
 * <p>A change here and its queueing happen under the user's stripe lock, and so does each user's read
 * for a new link's snapshot ({@link #streamSnapshot}): a new peer gets every user's state exactly as of
 * some moment, followed by every change after it.
 */
final class ReplicatedPresence implements Presence {

  /**
   * One online user as this node knows it; replaced whole on every change. {@code buddies} only for
   * the users homed here (the home's own list, not a copy): other nodes never need them, and a dead
   * node's buddies lists are in the {@link HomeDirectory}.
   */
  record Entry(PresenceInfo info, String home, long version, List<String> buddies, Set<String> rooms) {
  }

  /** Where the home records its users' buddies (the directory), when they are new or changed. */
  interface BuddiesStore {
    void changed(String domain, String name, long version, List<String> buddies);
  }

  /** A user of a domain. */
  record Key(String domain, String name) {
  }

  private static final class DomainView {
    final ConcurrentHashMap<String, Entry> users = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
  }

  private static final long SETTLE_LIMIT_MS = 2_000;
  private static final int STRIPES = 64;

  private final ConcurrentHashMap<String, DomainView> domains = new ConcurrentHashMap<>();
  private final String self;
  private final Links links;
  private final BuddiesStore buddiesStore;
  private final Object[] stripes = new Object[STRIPES];
  /** One String object per node id, show and room name in the copy, not one per user. */
  private final ConcurrentHashMap<String, String> canonical = new ConcurrentHashMap<>();

  ReplicatedPresence(String self, Links links, BuddiesStore buddiesStore) {
    this.self = self;
    this.links = links;
    this.buddiesStore = buddiesStore;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  private Object stripe(String domain, String name) {
    return stripes[(domain.hashCode() * 31 + name.hashCode()) & (STRIPES - 1)];
  }

  /**
   * Completes when every linked node has applied the changes made before this call; a node that lags
   * (a batch unanswered for a second) is not waited for, and nobody waits more than
   * {@value #SETTLE_LIMIT_MS} ms: a node that slow is paused or dying, and its copy catches up in order.
   */
  @Override
  public Future<Void> settled() {
    if (links.isEmpty()) {
      return Future.succeededFuture();
    }
    return links.settled().timeout(SETTLE_LIMIT_MS, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }

  private DomainView view(String domain) {
    return domains.computeIfAbsent(domain, d -> new DomainView());
  }

  // ---- reads ----

  @Override
  public PresenceInfo get(String domain, String name) {
    Entry e = view(domain).users.get(name);
    return e == null ? null : e.info();
  }

  /** The node holding the user's pages, or null when the user is offline. */
  String homeOf(String domain, String name) {
    Entry e = view(domain).users.get(name);
    return e == null ? null : e.home();
  }

  Entry entry(String domain, String name) {
    return view(domain).users.get(name);
  }

  @Override
  public Collection<String> members(String domain, String room) {
    Set<String> members = view(domain).rooms.get(room);
    return members == null ? List.of() : members;
  }

  // ---- changes made here, at the user's home, and shared ----

  @Override
  public void put(String domain, PresenceInfo info, List<String> buddies, Collection<String> rooms, long version) {
    List<String> roomList = List.copyOf(rooms);
    synchronized (stripe(domain, info.name())) {
      Entry known = entry(domain, info.name());
      boolean sameClaim = known != null && self.equals(known.home()) && known.version() == version;
      if (!sameClaim || !known.buddies().equals(buddies)) {
        buddiesStore.changed(domain, info.name(), version, buddies);
      }
      if (sameClaim && known.info().equals(info) && known.rooms().equals(Set.copyOf(roomList))) {
        applyPut(domain, info, self, version, buddies, roomList); // keeps the home's current buddies list
        return; // nothing another node could see changed (a page load of a user already online)
      }
      applyPut(domain, info, self, version, buddies, roomList);
      links.sendToAll(links.lane(domain, info.name()),
          LinkProtocol.put(domain, info, self, version, roomList));
    }
  }

  @Override
  public void remove(String domain, String name, long version) {
    removeHomedAt(domain, name, self, version);
  }

  /**
   * Forgets the user if its entry is still {@code home}'s of {@code version} or older, and tells every
   * node (this node's users, or a dead node's users this node won the cleanup of).
   */
  void removeHomedAt(String domain, String name, String home, long version) {
    synchronized (stripe(domain, name)) {
      if (applyRemove(domain, name, home, version)) {
        links.sendToAll(links.lane(domain, name), LinkProtocol.remove(domain, name, home, version));
      }
    }
  }

  @Override
  public boolean join(String domain, String room, String name) {
    return changeRoom(LinkProtocol.JOIN, domain, room, name);
  }

  @Override
  public boolean leave(String domain, String room, String name) {
    return changeRoom(LinkProtocol.LEAVE, domain, room, name);
  }

  private boolean changeRoom(byte op, String domain, String room, String name) {
    synchronized (stripe(domain, name)) {
      Entry e = view(domain).users.get(name);
      if (e == null || !self.equals(e.home())) {
        return false; // not online here yet (a login sets its rooms first): its entry will carry them
      }
      boolean changed = applyRoom(op, domain, room, name, self, e.version());
      if (changed) {
        links.sendToAll(links.lane(domain, name), LinkProtocol.room(op, domain, room, name, self, e.version()));
      }
      return changed;
    }
  }

  // ---- the copy itself: changes made here and changes from other nodes ----

  /** Applies a user's entry unless this copy knows a newer claim; returns whether it applied. */
  boolean applyPut(String domain, PresenceInfo info, String home, long version, List<String> buddies,
                   List<String> rooms) {
    DomainView view = view(domain);
    boolean[] applied = new boolean[1];
    view.users.compute(info.name(), (n, old) -> {
      if (old != null && version < old.version()) {
        return old; // an older claim's news
      }
      Set<String> newRooms = Set.copyOf(rooms);
      if (old != null) {
        for (String r : old.rooms()) {
          if (!newRooms.contains(r)) {
            leaveIndex(view, r, n);
          }
        }
      }
      for (String r : newRooms) {
        view.rooms.computeIfAbsent(r, x -> ConcurrentHashMap.newKeySet()).add(n);
      }
      applied[0] = true;
      return new Entry(info, home, version, buddies, newRooms);
    });
    return applied[0];
  }

  /** Forgets the user if its entry is {@code home}'s, of {@code version} or older. */
  boolean applyRemove(String domain, String name, String home, long version) {
    DomainView view = view(domain);
    boolean[] removed = new boolean[1];
    view.users.computeIfPresent(name, (n, old) -> {
      if (!home.equals(old.home()) || old.version() > version) {
        return old;
      }
      for (String r : old.rooms()) {
        leaveIndex(view, r, n);
      }
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  /** A join or leave of the user, if its entry is {@code home}'s of that {@code version}. */
  boolean applyRoom(byte op, String domain, String room, String name, String home, long version) {
    DomainView view = view(domain);
    boolean[] changed = new boolean[1];
    view.users.computeIfPresent(name, (n, old) -> {
      if (!home.equals(old.home()) || old.version() != version) {
        return old;
      }
      boolean member = old.rooms().contains(room);
      if (op == LinkProtocol.JOIN && !member) {
        view.rooms.computeIfAbsent(room, x -> ConcurrentHashMap.newKeySet()).add(n);
        changed[0] = true;
        return new Entry(old.info(), old.home(), old.version(), old.buddies(), plus(old.rooms(), room));
      }
      if (op == LinkProtocol.LEAVE && member) {
        leaveIndex(view, room, n);
        changed[0] = true;
        return new Entry(old.info(), old.home(), old.version(), old.buddies(), minus(old.rooms(), room));
      }
      return old;
    });
    return changed[0];
  }

  private static Set<String> plus(Set<String> set, String item) {
    List<String> out = new ArrayList<>(set);
    out.add(item);
    return Set.copyOf(out);
  }

  private static Set<String> minus(Set<String> set, String item) {
    List<String> out = new ArrayList<>(set);
    out.remove(item);
    return Set.copyOf(out);
  }

  private static void leaveIndex(DomainView view, String room, String name) {
    view.rooms.computeIfPresent(room, (r, members) -> {
      members.remove(name);
      return members.isEmpty() ? null : members;
    });
  }

  // ---- snapshots and cleanup ----

  /**
   * Queues, in pieces, a PUT of every user homed here on {@code link} (each read under its stripe, so
   * no change of it falls between), then SNAPSHOT_END on every lane. {@code runNext} runs the next
   * piece later (on an event loop), so a big snapshot blocks no event loop for long.
   */
  void streamSnapshot(PeerLink link, int piece, Consumer<Runnable> runNext, Runnable done) {
    Iterator<Map.Entry<String, DomainView>> domainsLeft = domains.entrySet().iterator();
    new Object() {
      String domain;
      Iterator<Map.Entry<String, Entry>> users;

      void next() {
        int sent = 0;
        while (sent < piece) {
          if (users == null || !users.hasNext()) {
            if (!domainsLeft.hasNext()) {
              link.sendOnEveryLane(LinkProtocol.marker(LinkProtocol.SNAPSHOT_END));
              done.run();
              return;
            }
            Map.Entry<String, DomainView> d = domainsLeft.next();
            domain = d.getKey();
            users = d.getValue().users.entrySet().iterator();
            continue;
          }
          String name = users.next().getKey();
          synchronized (stripe(domain, name)) {
            Entry e = view(domain).users.get(name);
            if (e != null && self.equals(e.home())) {
              link.send(links.lane(domain, name),
                  LinkProtocol.put(domain, e.info(), self, e.version(), List.copyOf(e.rooms())));
              sent++;
            }
          }
        }
        runNext.accept(this::next);
      }
    }.next();
  }

  /** The users this copy holds homed at {@code home}. */
  List<Key> homedAt(String home) {
    List<Key> found = new ArrayList<>();
    domains.forEach((domain, view) -> view.users.forEach((name, e) -> {
      if (home.equals(e.home())) {
        found.add(new Key(domain, name));
      }
    }));
    return found;
  }

  /** Forgets, here only, every user homed at {@code home} (a node gone for good). */
  int forgetHomedAt(String home) {
    int n = 0;
    for (Key k : homedAt(home)) {
      Entry e = entry(k.domain(), k.name());
      if (e != null && applyRemove(k.domain(), k.name(), home, e.version())) {
        n++;
      }
    }
    return n;
  }

  /** A presence frame from another node's lane. */
  void applyFrame(byte type, LinkProtocol.Reader r) {
    switch (type) {
      case LinkProtocol.PUT -> {
        String domain = canonical(r.str());
        String name = r.str();
        String nick = r.str();
        String show = canonical(r.str());
        String status = r.str();
        PresenceInfo info = new PresenceInfo(name, nick.equals(name) ? name : nick, show,
            status.isEmpty() ? "" : status);
        String home = canonical(r.str());
        long version = r.int64();
        List<String> rooms = r.strs();
        rooms.replaceAll(this::canonical);
        applyPut(domain, info, home, version, List.of(), rooms);
      }
      case LinkProtocol.REMOVE -> applyRemove(canonical(r.str()), r.str(), r.str(), r.int64());
      case LinkProtocol.JOIN, LinkProtocol.LEAVE -> {
        String domain = canonical(r.str());
        String room = canonical(r.str());
        applyRoom(type, domain, room, r.str(), r.str(), r.int64());
      }
      default -> throw new IllegalArgumentException("not a presence frame: " + type);
    }
  }

  /**
   * The one String object for a value many entries share (domains, node ids, shows, room names: sets
   * the operator and the sites bound, never free text such as a status): a million users on other
   * nodes hold references, not copies.
   */
  private String canonical(String s) {
    if (s == null) {
      return null;
    }
    String known = canonical.putIfAbsent(s, s);
    return known != null ? known : s;
  }

  /** How many users this copy knows, per home (for logs and tests). */
  Map<String, Integer> countByHome() {
    Map<String, Integer> out = new ConcurrentHashMap<>();
    domains.forEach((d, view) -> view.users.forEach((n, e) -> out.merge(e.home(), 1, Integer::sum)));
    return out;
  }
}
