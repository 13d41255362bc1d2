package org.nextim.router.core;

import io.vertx.core.Future;
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
 * {@link Hub} holds this node's pages, {@link Presence} knows who is online.
 *
 * <p>Every change of a user's presence happens under that user's monitor and is announced before the
 * monitor is released, so the user's buddies see its changes in order.
 */
public final class RouterNode {

  private static final Logger log = LoggerFactory.getLogger(RouterNode.class);

  /** What a login answers (spec 2.4). */
  public record Login(String ticket, List<PresenceInfo> buddies, Map<String, Integer> rooms, int clientnum) {
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
  private final Tickets tickets;
  private long sweepTimer = -1;

  /**
   * @param ticketPrefix put before every ticket this node issues ("" for a single node; a cluster node
   *                     puts its id, so any node can tell where a ticket's page lives)
   */
  public RouterNode(Vertx vertx, long pollTimeoutMs, long idleTimeoutMs, int pageBuffer,
                    Hub hub, Presence presence, Broker broker, String ticketPrefix) {
    this.tickets = new Tickets(ticketPrefix);
    this.vertx = vertx;
    this.pollTimeoutMs = pollTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.pageBuffer = pageBuffer;
    this.hub = hub;
    this.presence = presence;
    this.broker = broker;
  }

  /** Completes when every node knows the presence changes made so far (see {@link Presence#settled()}). */
  public Future<Void> settled() {
    return presence.settled();
  }

  /** A single node: in-memory presence, packets straight to the local hub. */
  public static RouterNode standalone(Vertx vertx, long pollTimeoutMs, long idleTimeoutMs, int pageBuffer) {
    Hub hub = new Hub();
    return new RouterNode(vertx, pollTimeoutMs, idleTimeoutMs, pageBuffer, hub, Presence.inMemory(),
        Broker.local(hub, pageBuffer), "");
  }

  /** Starts the idle sweep. Call from the context that should run it. */
  public void start() {
    long every = Math.max(10, Math.min(1000, idleTimeoutMs / 8));
    sweepTimer = vertx.setPeriodic(every, id -> dropIdlePages());
  }

  /** Stops the sweep and answers every held poll with what it has (SIGTERM: no poll is cut off). */
  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    for (Page page : hub.pages()) {
      page.release();
    }
  }

  public Hub hub() {
    return hub;
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

  /** {@code /presences/online}: logs the user in, or adds a page to a user already online. */
  public Login login(String domain, String name, String nick, List<String> buddies, List<String> rooms,
                     String show, String status) {
    while (true) {
      User user = hub.userForLogin(domain, name);
      synchronized (user) {
        if (user.removed) {
          continue; // went offline between lookup and lock; the table has a fresh entry now
        }
        boolean wasOnline = presence.get(domain, name) != null;
        boolean wasInvisible = wasOnline && user.invisible();
        String oldShow = user.show;
        user.nick = nick;
        user.buddies = withoutSelf(buddies, name);
        user.show = show;
        if (status != null) {
          user.status = status;
        }
        replaceRooms(user, rooms);
        cancelGrace(user);
        presence.put(domain, info(user), user.buddies);
        Page page = user.openPage(tickets.next(), pageBuffer, vertx);
        hub.register(page);
        if (!wasOnline) {
          if (!user.invisible()) {
            broker.toUsers(domain, user.buddies, presencePacket(user, "online"), null);
          }
          log.debug("{}/{} online", domain, name);
        } else if (!oldShow.equals(show)) {
          announceShow(user, wasInvisible, page.ticket());
        }
        return new Login(page.ticket(), onlineBuddies(domain, user.buddies), roomCounts(user),
            user.pageCount());
      }
    }
  }

  /**
   * {@code /presences/offline}: ends the page; with {@code all} ends every page of the user and
   * announces the offline at once, else the user's last page starts the grace.
   */
  public void logout(Page page, boolean all) {
    User user = page.user();
    synchronized (user) {
      if (all) {
        for (Page p : user.pages()) {
          closePage(user, p, false);
        }
        goOffline(user);
      } else {
        closePage(user, page, true);
      }
    }
  }

  /** {@code /presences/show}. */
  public void show(Page page, String show, String nick, String status) {
    User user = page.user();
    synchronized (user) {
      boolean wasInvisible = user.invisible();
      user.show = show;
      if (nick != null) {
        user.nick = nick;
      }
      if (status != null) {
        user.status = status;
      }
      if (!user.removed) {
        presence.put(user.domain(), info(user), user.buddies);
      }
      announceShow(user, wasInvisible, null);
    }
  }

  /** {@code /statuses}: a typing notice (or any status) to every page of {@code to}. */
  public void status(Page page, String to, String show, String nick) {
    User user = page.user();
    Packet packet = Packet.status(user.name(), nick != null ? nick : user.nick(), to, show);
    broker.toUser(user.domain(), to, packet, null);
  }

  // ---- messages ----

  /**
   * {@code /messages}: queues the message for its recipients and echoes it to the sender's other pages.
   * Completes with the number of recipients' pages it was queued to.
   */
  public Future<Integer> message(Page page, String type, String to, String body, String nick, String style,
                                 long timestamp, String id) {
    User sender = page.user();
    String domain = sender.domain();
    String from = sender.name();
    Packet packet = Packet.message(id, from, nick != null ? nick : sender.nick(), to == null ? "" : to,
        timestamp, type, body, style == null ? "" : style);
    Future<Integer> delivered;
    switch (type) {
      case "unicast" -> {
        if (to.equals(from)) {
          return broker.toUser(domain, from, packet, null);
        }
        delivered = broker.toUser(domain, to, packet, null);
      }
      case "multicast" -> {
        boolean member;
        synchronized (sender) {
          member = sender.rooms.contains(to);
        }
        if (!member) {
          throw RouterError.notAMember(to);
        }
        delivered = broker.toUsers(domain, othersThan(presence.members(domain, to), from), packet, null);
      }
      case "broadcast" -> delivered = broker.toDomain(domain, packet, from);
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

  /** {@code /room/join}: returns the room's online members after the join. */
  public int join(Page page, String room, String nick) {
    User user = page.user();
    synchronized (user) {
      if (user.rooms.add(room)) {
        presence.join(user.domain(), room, user.name());
        if (!user.invisible()) {
          Packet join = Packet.presence(user.name(), nick != null ? nick : user.nick, "join", user.show, room);
          broker.toUsers(user.domain(), othersThan(presence.members(user.domain(), room), user.name()), join, null);
        }
      }
      return roomCount(user, room);
    }
  }

  /** {@code /room/leave}. */
  public void leave(Page page, String room, String nick) {
    User user = page.user();
    synchronized (user) {
      if (user.rooms.remove(room)) {
        presence.leave(user.domain(), room, user.name());
        if (!user.invisible()) {
          Packet leave = Packet.presence(user.name(), nick != null ? nick : user.nick, "leave", user.show, room);
          broker.toUsers(user.domain(), othersThan(presence.members(user.domain(), room), user.name()), leave, null);
        }
      }
    }
  }

  // ---- internals; the callers hold the user's monitor ----

  private void closePage(User user, Page page, boolean grace) {
    List<Packet> unacknowledged = page.end();
    hub.unregister(page);
    int left = user.removePage(page, unacknowledged, grace);
    if (left == 0 && grace && !user.removed && user.graceTimer < 0) {
      user.graceTimer = vertx.setTimer(idleTimeoutMs, id -> graceOver(user, id));
    }
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
    presence.remove(user.domain(), user.name());
    for (String room : user.rooms) {
      presence.leave(user.domain(), room, user.name());
    }
    if (!user.invisible()) {
      broker.toUsers(user.domain(), user.buddies,
          Packet.presence(user.name(), user.nick, "offline", Show.UNAVAILABLE, ""), null);
    }
    log.debug("{}/{} offline", user.domain(), user.name());
  }

  private void cancelGrace(User user) {
    if (user.graceTimer >= 0) {
      vertx.cancelTimer(user.graceTimer);
      user.graceTimer = -1;
    }
  }

  /** Tells the user's pages (but {@code exceptTicket}) and its buddies that its show changed. */
  private void announceShow(User user, boolean wasInvisible, String exceptTicket) {
    Packet show = presencePacket(user, "show");
    broker.toUser(user.domain(), user.name(), show, exceptTicket);
    boolean nowInvisible = user.invisible();
    if (!wasInvisible && !nowInvisible) {
      broker.toUsers(user.domain(), user.buddies, show, null);
    } else if (!wasInvisible) {
      broker.toUsers(user.domain(), user.buddies,
          Packet.presence(user.name(), user.nick, "offline", Show.UNAVAILABLE, ""), null);
    } else if (!nowInvisible) {
      broker.toUsers(user.domain(), user.buddies, presencePacket(user, "online"), null);
    }
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

  private List<PresenceInfo> onlineBuddies(String domain, List<String> buddies) {
    return onlines(domain, buddies);
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
    long idle = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    for (Page page : hub.pages()) {
      if (page.idle(now, idle)) {
        User user = page.user();
        synchronized (user) {
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
