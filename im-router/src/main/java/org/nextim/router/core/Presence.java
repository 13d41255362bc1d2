package org.nextim.router.core;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.List;

/**
 * Who is online in each domain, and which online users are in which room. A user counts as online from
 * login until its offline is announced (so also during a grace), invisible or not: callers filter
 * invisible users where the protocol says so.
 *
 * <p>{@link #inMemory()} serves one node; a cluster implementation shares the same view across nodes.
 */
public interface Presence {

  static Presence inMemory() {
    return new LocalPresence();
  }

  /** The user's presence, or null when the user is offline. */
  PresenceInfo get(String domain, String name);

  /**
   * Records the user's presence at this node, its home, under the home's claim {@code version} (see
   * {@link Locator#claim}). {@code buddies} (who hears its presences) is kept so that another node can
   * announce the user's offline if this node dies; {@code rooms} are the user's rooms (a copy that
   * learns of the user from this call alone must still know them).
   */
  void put(String domain, PresenceInfo info, List<String> buddies, Collection<String> rooms, long version);

  /** Forgets the user, homed here under the claim {@code version}. */
  void remove(String domain, String name, long version);

  /** Counts the user among the room's online members; false when it already was. */
  boolean join(String domain, String room, String name);

  /** The user no longer counts among the room's online members; false when it did not. */
  boolean leave(String domain, String room, String name);

  /** The room's online members, invisible ones included; empty for an unknown room. */
  Collection<String> members(String domain, String room);

  /**
   * Completes when every node knows the changes made before this call, so that a reply sent after it
   * (a login's ticket, a join's count) is never ahead of what another node sees. A single node is
   * always settled.
   */
  default Future<Void> settled() {
    return Future.succeededFuture();
  }
}
