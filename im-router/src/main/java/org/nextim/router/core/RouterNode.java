package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The router's rules (spec section 2.3): logins and pages, presence and who hears it, grace, rooms, and
 * the three kinds of message. It decides who gets a packet; the {@link Broker} carries it, the
 * {@link Hub} holds this node's pages, {@link Presence} knows who is online, the {@link Locator} says
 * whether this node may hold a user.
 *
 * <p>Every change of a user's presence happens under that user's monitor, and its news (who is told)
 * go out in the order of the changes (see {@link #announce}).
 */
public final class RouterNode {

  private static final Logger log = LoggerFactory.getLogger(RouterNode.class);

  /** What a login answers (spec 2.4). */
  public record Login(String ticket, List<PresenceInfo> buddies, Map<String, Integer> rooms, int clientnum)
      implements LoginOutcome {
  }

  /** What a login comes to: the login here, or the node that is the user's home. */
  public sealed interface LoginOutcome permits Login, Elsewhere {
  }

  /** The user's home is another node: the login belongs there. */
  public record Elsewhere(String node) implements LoginOutcome {
  }

  /** A member as {@code /room/members} lists it. */
  public record Member(String id, String nick) {
  }

  private final Vertx vertx;
  private final long pollTimeoutMs;
  private final long idleTimeoutMs;
  private final int pageBuffer;
  private final Hub hub;
  private final Presence presence;
  private final Broker broker;
  private final Locator locator;
  private final Tickets tickets;
  private long sweepTimer = -1;
  private long sweepEveryMs;
  private long lastSweep;

  /**
   * @param ticketPrefix put before every ticket this node issues ("" for a single node; a cluster node
   *                     puts its id, so any node can tell where a ticket's page lives)
   */
  public RouterNode(Vertx vertx, long pollTimeoutMs, long idleTimeoutMs, int pageBuffer,
                    Hub hub, Presence presence, Broker broker, Locator locator, String ticketPrefix) {
    this.tickets = new Tickets(ticketPrefix);
    this.vertx = vertx;
    this.pollTimeoutMs = pollTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.pageBuffer = pageBuffer;
    this.hub = hub;
    this.presence = presence;
    this.broker = broker;
    this.locator = locator;
  }

  /** A single node: in-memory presence, packets straight to the local hub. */
  public static RouterNode standalone(Vertx vertx, long pollTimeoutMs, long idleTimeoutMs, int pageBuffer) {
    return standalone(vertx, pollTimeoutMs, idleTimeoutMs, pageBuffer, new Hub());
  }

  /** A single node on {@code hub}. */
  public static RouterNode standalone(Vertx vertx, long pollTimeoutMs, long idleTimeoutMs, int pageBuffer, Hub hub) {
    return new RouterNode(vertx, pollTimeoutMs, idleTimeoutMs, pageBuffer, hub, Presence.inMemory(),
        Broker.local(hub, pageBuffer), Locator.LOCAL, "");
  }

  /** Starts the idle sweep. Call from the context that should run it. */
  public void start() {
    sweepEveryMs = Math.max(10, Math.min(1000, idleTimeoutMs / 8));
    lastSweep = System.nanoTime();
    sweepTimer = vertx.setPeriodic(sweepEveryMs, id -> dropIdlePages());
  }

  /** Stops the sweep and answers every held poll with what it has (SIGTERM: no poll is cut off). */
  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
    for (Page page : hub.pages()) {
      page.release();
    }
  }

  /**
   * Forgets every user and page of this node without telling anyone: the cluster took this node for
   * dead and gave its users to other nodes, which announced them. Held polls get "invalid ticket".
   */
  public void dropAll() {
    for (Page page : hub.pages()) {
      User user = page.user();
      synchronized (user) {
        page.end();
        hub.unregister(page);
        user.removePage(page, List.of(), false);
        cancelGrace(user);
        user.endGrace();
        user.removed = true;
        hub.remove(user);
      }
    }
  }

  public Hub hub() {
    return hub;
  }

  /**
   * The domain was deleted: every user of it on this node goes offline at once, its pages end (held
   * polls get "invalid ticket").
   */
  public void logoutDomain(String domain) {
    for (User user : hub.users(domain)) {
      synchronized (user) {
        if (user.moved()) {
          continue; // its new home logs it out
        }
        for (Page p : user.pages()) {
          closePage(user, p, false);
        }
        goOffline(user);
      }
    }
  }

  /** The domain was disabled: every held poll of it on this node is answered now (the next one is refused). */
  public void releasePolls(String domain) {
    for (Page page : hub.pages()) {
      if (page.user().domain().equals(domain)) {
        page.release();
      }
    }
  }

  // ---- handoff (a planned stop) ----

  /**
   * Hands the user over to {@code to}, its new home under claim {@code version}, and sends it there (the
   * hub's relay): everything that node needs. From now on this node holds no page of the user; packets
   * that still come here for it, and the outcomes of its messages learnt here, go on to {@code to} after
   * the handoff, and a login here is sent there. Returns the handoff, or null if the user is offline
   * already or was handed over before.
   */
  public Handoff handOff(User user, String to, long version) {
    synchronized (user) {
      if (user.removed || user.moved()) {
        return null;
      }
      long graceLeft = -1;
      if (user.graceTimer >= 0) {
        graceLeft = Math.max(1, TimeUnit.NANOSECONDS.toMillis(user.graceEnds - System.nanoTime()));
        cancelGrace(user);
      }
      long left = graceLeft;
      Handoff.Relay relay = hub.relay();
      RecentMessages recent = user.recentMessages(); // made now if need be: a call still run here is told on
      String domain = user.domain();
      String name = user.name();
      // The pages stay registered until the new home has them (handedOver): a poll that comes here
      // meanwhile gets an empty answer at once, and the next one goes there.
      return user.moveOut(to, (pages, graceBuffer) -> {
        List<Handoff.Outcome> outcomes = recent.handOver(o -> relay.outcome(to, domain, name, o), System.nanoTime());
        Handoff h = new Handoff(domain, name, user.nick, user.show, user.status, user.buddies,
            List.copyOf(user.rooms), version, left, graceBuffer, pages, outcomes);
        relay.handOff(to, h);
        recent.handOffSent();
        return h;
      });
    }
  }

  /** The new home has the user's pages now: this node forgets them (polls for them go there). */
  public void handedOver(Handoff h) {
    for (Handoff.PageState state : h.pages()) {
      Page page = hub.page(h.domain(), state.ticket());
      if (page != null) {
        hub.unregister(page);
      }
    }
  }

  /**
   * Takes a user handed over by another node: its pages go on here with the same tickets and cursors,
   * silently (its buddies see nothing). A user who logged in here meanwhile keeps what that login said
   * and gains the pages.
   */
  public void adopt(Handoff h) {
    while (true) {
      User user = hub.userForLogin(h.domain(), h.name());
      synchronized (user) {
        if (user.removed) {
          continue;
        }
        if (user.pageCount() == 0 && user.graceTimer < 0) {
          user.nick = h.nick();
          user.show = h.show();
          user.status = h.status();
          user.buddies = h.buddies();
          user.rooms.clear();
          user.rooms.addAll(h.rooms());
        }
        user.homeVersion = Math.max(user.homeVersion, h.version());
        user.recentMessages().adopt(h.recent(), System.nanoTime());
        for (Page page : user.moveIn(h, pageBuffer, vertx)) {
          hub.register(page);
        }
        if (user.pageCount() > 0) {
          cancelGrace(user);
        } else if (h.graceLeftMs() >= 0 && user.graceTimer < 0) {
          startGrace(user, h.graceLeftMs());
        }
        presence.put(user.domain(), info(user), user.buddies, user.rooms, user.homeVersion);
        return;
      }
    }
  }

  /**
   * An outcome of a message of a user handed over to this node, learnt by its previous home after the
   * handoff (which came before it, in the same lane).
   */
  public void learn(String domain, String name, Handoff.Outcome outcome) {
    User user = hub.user(domain, name);
    if (user == null) {
      return; // gone offline meanwhile: nobody will retry its calls
    }
    RecentMessages recent;
    synchronized (user) {
      recent = user.recentMessages();
    }
    recent.learn(outcome, System.nanoTime());
  }

  public long pollTimeoutMs() {
    return pollTimeoutMs;
  }

  /** The live page of a ticket in a domain. */
  public Page page(String domain, String ticket) {
    Page page = hub.page(domain, ticket);
    if (page == null) {
      throw RouterError.invalidTicket();
    }
    return page;
  }

  // ---- pages and presence ----

  /**
   * {@code /presences/online}: logs the user in, or adds a page to a user already online. A user this
   * node does not hold is created only once the {@link Locator} agreed that this node is its home;
   * otherwise the outcome names the home. Completes once the login's news went out.
   */
  public Future<LoginOutcome> login(String domain, String name, String nick, List<String> buddies,
                                    List<String> rooms, String show, String status) {
    User held = hub.user(domain, name);
    if (held != null) {
      synchronized (held) {
        String movedTo = held.movedTo();
        if (movedTo != null) {
          return Future.succeededFuture(new Elsewhere(movedTo));
        }
        if (!held.removed) {
          return loginHere(held, nick, buddies, rooms, show, status);
        }
      }
    }
    return locator.claim(domain, name).compose(claim -> {
      if (!claim.here()) {
        return Future.succeededFuture(new Elsewhere(claim.home()));
      }
      while (true) {
        User user = hub.userForLogin(domain, name);
        synchronized (user) {
          if (user.removed) {
            continue; // went offline between lookup and lock; the table has a fresh entry now
          }
          user.homeVersion = Math.max(user.homeVersion, claim.version());
          return loginHere(user, nick, buddies, rooms, show, status);
        }
      }
    });
  }

  /** A login of a user held here. The caller holds the user's monitor. */
  private Future<LoginOutcome> loginHere(User user, String nick, List<String> buddies, List<String> rooms,
                                         String show, String status) {
    String domain = user.domain();
    // What the others last heard of the user: here, or from its previous home if that node died and
    // the user came back here within the grace.
    PresenceInfo before = presence.get(domain, user.name());
    boolean wasOnline = before != null;
    boolean wasInvisible = wasOnline && before.invisible();
    String oldShow = wasOnline ? before.show() : user.show;
    user.nick = nick;
    user.buddies = withoutSelf(buddies, user.name());
    user.show = show;
    if (status != null) {
      user.status = status;
    }
    replaceRooms(user, rooms);
    cancelGrace(user);
    // The page first: a packet sent by a node that already knows the user is online finds it.
    Page page = user.openPage(tickets.next(), pageBuffer, vertx);
    hub.register(page);
    presence.put(domain, info(user), user.buddies, user.rooms, user.homeVersion);
    List<String> told = user.buddies;
    Runnable news;
    if (!wasOnline) {
      Packet online = user.invisible() ? null : presencePacket(user, "online");
      news = online == null ? () -> { } : () -> broker.toUsers(domain, told, online, null);
      log.debug("{}/{} online", domain, user.name());
    } else if (!oldShow.equals(show)) {
      news = showNews(user, wasInvisible, page.ticket());
    } else {
      news = () -> { };
    }
    Promise<LoginOutcome> reply = Promise.promise();
    announce(user, () -> {
      try {
        news.run();
      } finally {
        // Read once every node knew of this login: a buddy who logged in at the same moment elsewhere is
        // listed here, or its own news reached this page (see announce).
        page.loginAnswered();
        reply.complete(new Login(page.ticket(), onlines(domain, told), roomCounts(user), user.pageCount()));
      }
    });
    return reply.future();
  }

  /**
   * {@code /presences/offline}: ends the page; with {@code all} ends every page of the user and
   * announces the offline at once, else the user's last page starts the grace. Completes once its news
   * went out.
   */
  public Future<Void> logout(Page page, boolean all) {
    User user = page.user();
    synchronized (user) {
      refuseIfMoving(user);
      if (all) {
        for (Page p : user.pages()) {
          closePage(user, p, false);
        }
        goOffline(user);
      } else {
        closePage(user, page, true);
      }
      return user.announced;
    }
  }

  /** {@code /presences/show}. Completes once the change was announced. */
  public Future<Void> show(Page page, String show, String nick, String status) {
    User user = page.user();
    synchronized (user) {
      refuseIfMoving(user);
      boolean wasInvisible = user.invisible();
      user.show = show;
      if (nick != null) {
        user.nick = nick;
      }
      if (status != null) {
        user.status = status;
      }
      if (!user.removed) {
        presence.put(user.domain(), info(user), user.buddies, user.rooms, user.homeVersion);
      }
      announce(user, showNews(user, wasInvisible, null));
      return user.announced;
    }
  }

  /**
   * {@code /statuses}: a typing notice (or any status: a receipt carries the {@code id} of the message
   * it is about, else null) to every page of {@code to}.
   */
  public void status(Page page, String to, String show, String nick, String id) {
    User user = page.user();
    Packet packet = Packet.status(user.name(), nick != null ? nick : user.nick(), to, show, id);
    broker.toUser(user.domain(), to, packet, null);
  }

  // ---- messages ----

  /**
   * {@code /messages}: queues the message for its recipients and echoes it to the sender's other pages.
   * Completes with the number of recipients' pages it was queued to. A message with an {@code id} the
   * sender used moments ago is a retry (the caller never heard the outcome): it gets the first outcome
   * and is not sent again.
   */
  public Future<Integer> message(Page page, String type, String to, String body, String nick, String style,
                                 long timestamp, String id, Broker.Count count) {
    if (id == null) {
      return send(page, type, to, body, nick, style, timestamp, null, count);
    }
    User sender = page.user();
    RecentMessages recent;
    synchronized (sender) {
      recent = sender.recentMessages();
    }
    Promise<Integer> outcome = Promise.promise();
    Future<Integer> first = recent.firstOrKeep(id, outcome.future(), System.nanoTime());
    if (first != null) {
      return first;
    }
    try {
      send(page, type, to, body, nick, style, timestamp, id, count).onComplete(outcome);
    } catch (RuntimeException e) {
      recent.forget(id); // refused (400, 403): a corrected call is a new message
      throw e;
    }
    return outcome.future();
  }

  private Future<Integer> send(Page page, String type, String to, String body, String nick, String style,
                               long timestamp, String id, Broker.Count count) {
    User sender = page.user();
    String domain = sender.domain();
    String from = sender.name();
    Packet packet = Packet.message(id, from, nick != null ? nick : sender.nick(), to == null ? "" : to,
        timestamp, type, body, style == null ? "" : style);
    Future<Integer> delivered;
    switch (type) {
      case "unicast" -> {
        if (to.equals(from)) {
          return broker.toUser(domain, from, packet, null, count);
        }
        delivered = broker.toUser(domain, to, packet, null, count);
      }
      case "multicast" -> {
        boolean member;
        synchronized (sender) {
          member = sender.rooms.contains(to);
        }
        if (!member) {
          throw RouterError.notAMember(to);
        }
        delivered = broker.toUsers(domain, othersThan(presence.members(domain, to), from), packet, null, count);
      }
      case "broadcast" -> delivered = broker.toDomain(domain, packet, from, count);
      default -> throw RouterError.invalid("type", "unicast, multicast or broadcast");
    }
    broker.toUser(domain, from, packet, page.ticket());
    return delivered;
  }

  // ---- queries ----

  /** {@code /onlines}: the named users who are online and visible, in the order asked. */
  public List<PresenceInfo> onlines(String domain, Collection<String> names) {
    List<PresenceInfo> out = new ArrayList<>(names.size());
    for (String name : names) {
      PresenceInfo p = presence.get(domain, name);
      if (p != null && !p.invisible()) {
        out.add(p);
      }
    }
    return out;
  }

  /** {@code /room/members}: the room's online visible members. */
  public List<Member> members(String domain, String room) {
    List<Member> out = new ArrayList<>();
    for (String name : presence.members(domain, room)) {
      PresenceInfo p = presence.get(domain, name);
      if (p != null && !p.invisible()) {
        out.add(new Member(p.name(), p.nick()));
      }
    }
    return out;
  }

  // ---- rooms ----

  /** {@code /room/join}: completes with the room's online members after the join. */
  public Future<Integer> join(Page page, String room, String nick) {
    User user = page.user();
    synchronized (user) {
      refuseIfMoving(user);
      Packet join = null;
      if (user.rooms.add(room)) {
        presence.join(user.domain(), room, user.name());
        if (!user.invisible()) {
          join = Packet.presence(user.name(), nick != null ? nick : user.nick, "join", user.show, room);
        }
      }
      Packet told = join;
      Promise<Integer> count = Promise.promise();
      announce(user, () -> {
        if (told != null) {
          broker.toUsers(user.domain(), othersThan(presence.members(user.domain(), room), user.name()), told, null);
        }
        count.complete(roomCount(user, room));
      });
      return count.future();
    }
  }

  /** {@code /room/leave}. Completes once the leave was announced. */
  public Future<Void> leave(Page page, String room, String nick) {
    User user = page.user();
    synchronized (user) {
      refuseIfMoving(user);
      if (user.rooms.remove(room)) {
        presence.leave(user.domain(), room, user.name());
        if (!user.invisible()) {
          Packet leave = Packet.presence(user.name(), nick != null ? nick : user.nick, "leave", user.show, room);
          announce(user, () -> broker.toUsers(user.domain(),
              othersThan(presence.members(user.domain(), room), user.name()), leave, null));
        }
      }
      return user.announced;
    }
  }

  // ---- internals; the callers hold the user's monitor ----

  /**
   * A user handed to another node (a planned stop) changes no state here any more: the new home has it,
   * and a change made here would reach the buddies' pages but not the new home (nor the other nodes'
   * copies, which hold the newer claim). The caller retries and reaches the new home.
   */
  private static void refuseIfMoving(User user) {
    if (user.moved()) {
      throw RouterError.unavailable("this page is moving to another node; retry");
    }
  }

  /**
   * Runs {@code news} (a user's presence change told to whoever must hear it) once every node knows of
   * the change, and after the user's earlier news. Who hears it is read then, not now: when two buddies
   * log in at the same moment on two nodes, each announces after the other's node knew of it, so at
   * least one of them sees the other online and tells it. On a single node every change is known at
   * once, and the news go out at once, under the caller's monitor.
   */
  private void announce(User user, Runnable news) {
    Future<Void> settled = presence.settled();
    if (settled.isComplete() && user.announced.isComplete()) {
      news.run();
      return;
    }
    user.announced = user.announced.transform(ar -> settled).transform(ar -> {
      synchronized (user) {
        try {
          news.run();
        } catch (RuntimeException e) {
          log.error("{}/{}: telling a presence change failed", user.domain(), user.name(), e);
        }
      }
      return Future.succeededFuture();
    });
  }

  private void closePage(User user, Page page, boolean grace) {
    List<Packet> unacknowledged = page.end();
    hub.unregister(page);
    int left = user.removePage(page, unacknowledged, grace);
    if (left == 0 && grace && !user.removed && user.graceTimer < 0) {
      startGrace(user, idleTimeoutMs);
    }
  }

  private void startGrace(User user, long ms) {
    user.graceEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    user.graceTimer = vertx.setTimer(ms, id -> graceOver(user, id));
  }

  private void graceOver(User user, long timer) {
    synchronized (user) {
      if (user.graceTimer != timer || user.pageCount() > 0 || user.removed) {
        return;
      }
      user.graceTimer = -1;
      goOffline(user);
    }
  }

  private void goOffline(User user) {
    if (user.removed) {
      return;
    }
    cancelGrace(user);
    user.endGrace();
    user.removed = true;
    hub.remove(user);
    // Forgotten before it is announced, so that a buddy who hears "offline" finds no trace of it.
    presence.remove(user.domain(), user.name(), user.homeVersion);
    for (String room : user.rooms) {
      presence.leave(user.domain(), room, user.name());
    }
    locator.release(user.domain(), user.name(), user.homeVersion);
    if (!user.invisible()) {
      Packet offline = Packet.presence(user.name(), user.nick, "offline", Show.UNAVAILABLE, "");
      List<String> told = user.buddies;
      announce(user, () -> broker.toUsers(user.domain(), told, offline, null));
    }
    log.debug("{}/{} offline", user.domain(), user.name());
  }

  private void cancelGrace(User user) {
    if (user.graceTimer >= 0) {
      vertx.cancelTimer(user.graceTimer);
      user.graceTimer = -1;
    }
  }

  /**
   * The news that the user's show changed, for its pages (but {@code exceptTicket}) and its buddies,
   * with the packets made now, from the user as it is now.
   */
  private Runnable showNews(User user, boolean wasInvisible, String exceptTicket) {
    String domain = user.domain();
    String name = user.name();
    List<String> told = user.buddies;
    Packet show = presencePacket(user, "show");
    boolean nowInvisible = user.invisible();
    Packet toBuddies;
    if (!wasInvisible && !nowInvisible) {
      toBuddies = show;
    } else if (!wasInvisible) {
      toBuddies = Packet.presence(name, user.nick, "offline", Show.UNAVAILABLE, "");
    } else if (!nowInvisible) {
      toBuddies = presencePacket(user, "online");
    } else {
      toBuddies = null;
    }
    return () -> {
      broker.toUser(domain, name, show, exceptTicket);
      if (toBuddies != null) {
        broker.toUsers(domain, told, toBuddies, null);
      }
    };
  }

  private void replaceRooms(User user, List<String> rooms) {
    Set<String> wanted = new LinkedHashSet<>(rooms);
    for (String room : user.rooms) {
      if (!wanted.contains(room)) {
        presence.leave(user.domain(), room, user.name());
      }
    }
    user.rooms.clear();
    user.rooms.addAll(wanted);
    for (String room : wanted) {
      presence.join(user.domain(), room, user.name());
    }
  }

  private Map<String, Integer> roomCounts(User user) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String room : user.rooms) {
      counts.put(room, roomCount(user, room));
    }
    return counts;
  }

  /** Online visible members; the asking user counts itself even when invisible. */
  private int roomCount(User user, String room) {
    int n = 0;
    for (String name : presence.members(user.domain(), room)) {
      PresenceInfo p = presence.get(user.domain(), name);
      if (p != null && (!p.invisible() || name.equals(user.name()))) {
        n++;
      }
    }
    return n;
  }

  private void dropIdlePages() {
    long now = System.nanoTime();
    long sinceLast = now - lastSweep;
    lastSweep = now;
    if (sinceLast > TimeUnit.MILLISECONDS.toNanos(2 * sweepEveryMs + 1000)) {
      // This node stood still (GC pause, stopped VM): its browsers could not poll it meanwhile, so the
      // time does not count against their pages.
      log.warn("the idle sweep ran {} ms late: this node stood still; idle clocks start again",
          TimeUnit.NANOSECONDS.toMillis(sinceLast) - sweepEveryMs);
      for (Page page : hub.pages()) {
        page.restartIdleClock(now);
      }
      return;
    }
    long idle = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    for (Page page : hub.pages()) {
      if (page.idle(now, idle)) {
        User user = page.user();
        synchronized (user) {
          if (user.moved()) {
            continue; // handed to another node, which keeps its clock now
          }
          log.debug("{}/{} page dropped (idle)", user.domain(), user.name());
          closePage(user, page, true);
        }
      }
    }
  }

  private static PresenceInfo info(User user) {
    return new PresenceInfo(user.name(), user.nick, user.show, user.status);
  }

  private static Packet presencePacket(User user, String type) {
    return Packet.presence(user.name(), user.nick, type, user.show, user.status);
  }

  private static List<String> withoutSelf(List<String> names, String self) {
    return names.contains(self) ? othersThan(names, self) : names;
  }

  private static List<String> othersThan(Collection<String> names, String self) {
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      if (!n.equals(self)) {
        out.add(n);
      }
    }
    return out;
  }
}
