package org.nextim.router.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The pages on this node, by ticket, and the users they belong to, by domain and name. */
public final class Hub {

  private final ConcurrentHashMap<String, Page> pages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, User>> users = new ConcurrentHashMap<>();
  private volatile Handoff.Relay relay = Handoff.Relay.NONE;
  /** Each domain's series, given to its users when they are created. */
  private final Function<String, DomainMeters> meters;

  /** A hub whose users count nothing (tests of the core). */
  public Hub() {
    this(domain -> DomainMeters.NONE);
  }

  public Hub(Function<String, DomainMeters> meters) {
    this.meters = meters;
  }

  /** How packets for users handed to another node go on there (a cluster sets it). */
  public void relay(Handoff.Relay relay) {
    this.relay = relay;
  }

  Handoff.Relay relay() {
    return relay;
  }

  /** The live page of {@code ticket} in {@code domain}, or null (unknown, ended, other domain). */
  public Page page(String domain, String ticket) {
    Page page = pages.get(ticket);
    return page != null && page.user().domain().equals(domain) ? page : null;
  }

  /** The user as this node holds it, or null. */
  public User user(String domain, String name) {
    Map<String, User> d = users.get(domain);
    return d == null ? null : d.get(name);
  }

  /** The user, created when absent (a login). */
  User userForLogin(String domain, String name) {
    return users.computeIfAbsent(domain, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(name, n -> new User(domain, n, meters.apply(domain)));
  }

  /** Forgets the user (its offline was announced). */
  void remove(User user) {
    Map<String, User> d = users.get(user.domain());
    if (d != null) {
      d.remove(user.name(), user);
    }
  }

  void register(Page page) {
    pages.put(page.ticket(), page);
  }

  void unregister(Page page) {
    pages.remove(page.ticket(), page);
  }

  public int deliver(String domain, String name, Packet packet, String exceptTicket, int graceLimit) {
    User user = user(domain, name);
    return user == null ? 0 : user.deliver(packet, exceptTicket, graceLimit, relay);
  }

  public int deliverToDomain(String domain, Packet packet, String exceptUser, int graceLimit) {
    Map<String, User> d = users.get(domain);
    if (d == null) {
      return 0;
    }
    int n = 0;
    for (User user : d.values()) {
      if (!user.name().equals(exceptUser)) {
        n += user.deliver(packet, null, graceLimit, relay);
      }
    }
    return n;
  }

  /** Every user held here (a weakly consistent view, for a handoff). */
  public List<User> users() {
    List<User> out = new ArrayList<>();
    users.values().forEach(d -> out.addAll(d.values()));
    return out;
  }

  /** Every user of {@code domain} held here (a weakly consistent view). */
  public List<User> users(String domain) {
    Map<String, User> d = users.get(domain);
    return d == null ? List.of() : new ArrayList<>(d.values());
  }

  /** Every live page (a weakly consistent view, for the idle sweep and shutdown). */
  public Collection<Page> pages() {
    return pages.values();
  }

  /** Users of {@code domain} held here (online, or in their grace). */
  public int userCount(String domain) {
    Map<String, User> d = users.get(domain);
    return d == null ? 0 : d.size();
  }

  /** How many users of each domain are held here (a weakly consistent view, for metrics). */
  public Map<String, Integer> usersByDomain() {
    Map<String, Integer> out = new HashMap<>();
    users.forEach((domain, byName) -> out.put(domain, byName.size()));
    return out;
  }

  public int pageCount() {
    return pages.size();
  }
}
