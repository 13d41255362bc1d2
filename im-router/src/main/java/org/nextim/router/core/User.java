package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A user of one domain as this node holds it: what the site told us at login, and the user's pages.
 *
 * <p>Two locks, always taken in this order: the user's own monitor ({@code synchronized (user)}) guards
 * the presence state and is held by the node while it changes that state and announces the change, so
 * a user's announcements go out in order; the {@code pages} monitor guards the pages and the grace
 * buffer and is taken by anyone delivering to this user. Holding one user's monitor while delivering to
 * another user is fine; holding a {@code pages} monitor while taking any user's monitor is not.
 */
public final class User {

  private final String domain;
  private final String name;
  private final DomainMeters meters;
  /** The rate limits of what all of the user's pages send (see {@link Limits}). */
  final SendBuckets sends = new SendBuckets();

  // Guarded by this.
  String nick = "";
  String show = Show.AVAILABLE;
  String status = "";
  List<String> buddies = List.of();
  final Set<String> rooms = new LinkedHashSet<>();
  /** Left the domain's table: a login that finds it must look the user up again. */
  boolean removed;
  /** The grace timer while the user has no page, else -1. */
  long graceTimer = -1;
  /** When the grace ends (nanoTime), while {@link #graceTimer} runs. */
  long graceEnds;
  /** The version of this node's claim to be the user's home (see {@link Locator#claim}). */
  long homeVersion;
  /** The user's announcements so far: each one runs after the previous one, once its change is settled. */
  Future<Void> announced = Future.succeededFuture();
  /**
   * The outcomes of the user's latest messages by id, for a retried call. Made at the user's first message
   * with an id (most users online at a time send none).
   */
  private RecentMessages recentMessages;

  /** The user's recent message outcomes, made at the first call (caller holds this). */
  RecentMessages recentMessages() {
    if (recentMessages == null) {
      recentMessages = new RecentMessages();
    }
    return recentMessages;
  }

  // Guarded by pages.
  private final List<Page> pages = new ArrayList<>(2);
  /** Packets that arrived during the grace, for the user's next page; null outside a grace. */
  private ArrayDeque<Packet> graceBuffer;
  /** The node the user was handed to; packets that still come here go on there. */
  private String movedTo;
  private int movedPages;

  User(String domain, String name) {
    this(domain, name, DomainMeters.NONE);
  }

  User(String domain, String name, DomainMeters meters) {
    this.domain = domain;
    this.name = name;
    this.meters = meters;
  }

  /** The series of the user's domain on this node. */
  public DomainMeters meters() {
    return meters;
  }

  public String domain() {
    return domain;
  }

  public String name() {
    return name;
  }

  synchronized String nick() {
    return nick;
  }

  boolean invisible() {
    return Show.INVISIBLE.equals(show);
  }

  /** Queues the packet on every page but {@code exceptTicket}; returns how many took it. */
  int deliver(Packet packet, String exceptTicket, int graceLimit, Handoff.Relay relay) {
    synchronized (pages) {
      if (movedTo != null) {
        relay.relay(movedTo, domain, name, packet, exceptTicket);
        return movedPages; // they live there now, and the relay loses nothing while that node does
      }
      if (pages.isEmpty()) {
        if (graceBuffer != null) {
          graceBuffer.addLast(packet);
          if (graceBuffer.size() > graceLimit) {
            graceBuffer.pollFirst();
          }
        }
        return 0;
      }
      int n = 0;
      for (int i = 0, size = pages.size(); i < size; i++) {
        Page page = pages.get(i);
        if (!page.ticket().equals(exceptTicket)) {
          n += page.offer(packet);
        }
      }
      meters.delivered(n);
      return n;
    }
  }

  /**
   * Opens a new page; it starts with the packets kept during a grace, if one was running, and its idle
   * clock waits for the login's answer.
   */
  Page openPage(String ticket, int bufferLimit, Vertx vertx) {
    synchronized (pages) {
      Page page = new Page(ticket, this, bufferLimit, vertx, graceBuffer == null ? List.of() : graceBuffer);
      page.awaitLoginAnswer();
      graceBuffer = null;
      pages.add(page);
      return page;
    }
  }

  /**
   * Removes a page. When it was the last one, the grace begins: {@code unacknowledged} (what the page
   * had not confirmed) is kept for the next page. Returns the number of pages left.
   */
  int removePage(Page page, Collection<Packet> unacknowledged, boolean startGrace) {
    synchronized (pages) {
      if (!pages.remove(page)) {
        return pages.size();
      }
      if (pages.isEmpty() && startGrace) {
        graceBuffer = new ArrayDeque<>(unacknowledged);
      }
      return pages.size();
    }
  }

  /** The grace ended without a return: forget what it kept. */
  void endGrace() {
    synchronized (pages) {
      graceBuffer = null;
    }
  }

  /**
   * Hands the user's pages and grace buffer over (see {@link Page#moveOut}): from now on packets for
   * the user go on to {@code to}. {@code send} gets the pages' states and what the grace kept, and sends
   * the handoff while no packet can be relayed ahead of it; returns what it returns.
   */
  <T> T moveOut(String to, BiFunction<List<Handoff.PageState>, List<Packet>, T> send) {
    synchronized (pages) {
      movedTo = to;
      List<Handoff.PageState> out = new ArrayList<>(pages.size());
      for (Page page : pages) {
        Handoff.PageState state = page.moveOut();
        if (state != null) {
          out.add(state);
        }
      }
      List<Packet> graceOut = graceBuffer == null ? List.of() : new ArrayList<>(graceBuffer);
      graceBuffer = null;
      movedPages = out.size();
      return send.apply(out, graceOut);
    }
  }

  /** Takes pages handed over from another node (and what a grace there kept, when it had no page). */
  List<Page> moveIn(Handoff handoff, int bufferLimit, Vertx vertx) {
    synchronized (pages) {
      List<Page> in = new ArrayList<>(handoff.pages().size());
      for (Handoff.PageState state : handoff.pages()) {
        Page page = new Page(state, this, bufferLimit, vertx);
        pages.add(page);
        in.add(page);
      }
      if (pages.isEmpty() && handoff.graceLeftMs() >= 0) {
        graceBuffer = new ArrayDeque<>(handoff.graceBuffer());
      }
      return in;
    }
  }

  boolean moved() {
    synchronized (pages) {
      return movedTo != null;
    }
  }

  /** The node this user's pages were handed to, or null: they are here (or gone). */
  public String movedTo() {
    synchronized (pages) {
      return movedTo;
    }
  }

  public int pageCount() {
    synchronized (pages) {
      return pages.size();
    }
  }

  public List<Page> pages() {
    synchronized (pages) {
      return new ArrayList<>(pages);
    }
  }
}
