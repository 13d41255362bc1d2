package org.nextim.router.core;

import java.util.List;

/**
 * A user on its way from one node to another on a planned stop: everything its new home needs to go on
 * as if nothing happened — its presence, rooms and claim, its pages with their tickets, cursors and
 * unacknowledged packets, a running grace with what it kept, and the outcomes of its latest messages (a
 * retried call gets the first outcome there too).
 */
public record Handoff(String domain, String name, String nick, String show, String status, List<String> buddies,
                      List<String> rooms, long version, long graceLeftMs, List<Packet> graceBuffer,
                      List<PageState> pages, List<Outcome> recent) {

  /** One page: its ticket, its packet sequence, the packets it has not acknowledged, its last reply's cursor. */
  public record PageState(String ticket, long seq, List<Packet> queue, long lastReplied) {
  }

  /**
   * The outcome of one of the user's latest messages, by its id's hash: how many pages took it, or
   * {@link #PENDING} (not known yet: the old home tells when it knows), or {@link #FORGOTTEN} (refused:
   * a call with that id is a new message); {@code ageMs} since it was sent or settled.
   */
  public record Outcome(long idHash, int count, long ageMs) {
    public static final int PENDING = -1;
    public static final int FORGOTTEN = -2;
  }

  /**
   * Carries a handed-over user's state to its new home, and then what still comes here for it, in that
   * order: the handoff first, then the packets for it and the outcomes of its messages learnt here.
   */
  public interface Relay {
    Relay NONE = new Relay() {
      @Override
      public void handOff(String node, Handoff handoff) {
      }

      @Override
      public int relay(String node, String domain, String name, Packet packet, String exceptTicket) {
        return 0;
      }

      @Override
      public void outcome(String node, String domain, String name, Outcome outcome) {
      }
    };

    /** Sends the user's state to {@code node}, its new home. */
    void handOff(String node, Handoff handoff);

    /** Sends the packet on to the user's pages at {@code node}; returns how many pages it is for. */
    int relay(String node, String domain, String name, Packet packet, String exceptTicket);

    /** Sends an outcome of one of the user's messages on to {@code node}. */
    void outcome(String node, String domain, String name, Outcome outcome);
  }
}
