package org.nextim.router.core;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Presence} for a single node: concurrent maps, one set per room. */
final class LocalPresence implements Presence {

  private static final class DomainPresence {
    final ConcurrentHashMap<String, PresenceInfo> users = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
  }

  private final ConcurrentHashMap<String, DomainPresence> domains = new ConcurrentHashMap<>();

  private DomainPresence domain(String domain) {
    return domains.computeIfAbsent(domain, d -> new DomainPresence());
  }

  @Override
  public PresenceInfo get(String domain, String name) {
    return domain(domain).users.get(name);
  }

  @Override
  public void put(String domain, PresenceInfo info, List<String> buddies, Collection<String> rooms, long version) {
    domain(domain).users.put(info.name(), info);
  }

  @Override
  public void remove(String domain, String name, long version) {
    domain(domain).users.remove(name);
  }

  @Override
  public boolean join(String domain, String room, String name) {
    boolean[] added = new boolean[1];
    domain(domain).rooms.compute(room, (r, members) -> {
      Set<String> set = members != null ? members : ConcurrentHashMap.newKeySet();
      added[0] = set.add(name);
      return set;
    });
    return added[0];
  }

  @Override
  public boolean leave(String domain, String room, String name) {
    boolean[] removed = new boolean[1];
    domain(domain).rooms.computeIfPresent(room, (r, members) -> {
      removed[0] = members.remove(name);
      return members.isEmpty() ? null : members;
    });
    return removed[0];
  }

  @Override
  public Collection<String> members(String domain, String room) {
    Set<String> members = domain(domain).rooms.get(room);
    return members == null ? List.of() : members;
  }
}
