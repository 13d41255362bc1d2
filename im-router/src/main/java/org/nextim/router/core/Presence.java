package org.nextim.router.core;

import java.util.Collection;

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

  void put(String domain, PresenceInfo info);

  void remove(String domain, String name);

  /** Counts the user among the room's online members; false when it already was. */
  boolean join(String domain, String room, String name);

  /** The user no longer counts among the room's online members; false when it did not. */
  boolean leave(String domain, String room, String name);

  /** The room's online members, invisible ones included; empty for an unknown room. */
  Collection<String> members(String domain, String room);
}
