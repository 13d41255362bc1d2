package org.nextim.router.core;

import java.util.List;

/**
 * A user on its way from one node to another on a planned stop: everything its new home needs to go on
 * as if nothing happened — its presence, rooms and claim, its pages with their tickets, cursors and
 * unacknowledged packets, and a running grace with what it kept.
 */
public record Handoff(String domain, String name, String nick, String show, String status, List<String> buddies,
                      List<String> rooms, long version, long graceLeftMs, List<Packet> graceBuffer,
                      List<PageState> pages) {

  /** One page: its ticket, its packet sequence, the packets it has not acknowledged, its last reply's cursor. */
  public record PageState(String ticket, long seq, List<Packet> queue, long lastReplied) {
  }

  /** Carries packets for a user that moved to another node, until the others know of its new home. */
  public interface Relay {
    Relay NONE = (node, domain, name, packet, exceptTicket) -> 0;

    /** Sends the packet on to the user's pages at {@code node}; returns how many pages it is for. */
    int relay(String node, String domain, String name, Packet packet, String exceptTicket);
  }
}
