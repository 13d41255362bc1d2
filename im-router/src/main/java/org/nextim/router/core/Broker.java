package org.nextim.router.core;

import io.vertx.core.Future;

import java.util.Collection;

/**
 * Moves packets to users' pages wherever they are. Each call completes with the number of live pages
 * the packet was queued to. {@link #local(Hub, int)} serves one node; a cluster implementation carries
 * the packet to each node that holds pages once and lets that node's hub fan it out.
 */
public interface Broker {

  /**
   * When the caller needs a delivery's count: {@code NOW} (it waits for it: an {@code ack=1} call), or
   * {@code LATER} (nobody waits; a cluster brings it back with others, which costs the nodes less).
   */
  enum Count { NOW, LATER }

  static Broker local(Hub hub, int graceLimit) {
    return new LocalBroker(hub, graceLimit);
  }

  /** To every page of the user but {@code exceptTicket} (null for none). */
  Future<Integer> toUser(String domain, String name, Packet packet, String exceptTicket, Count count);

  /** To every page of each named user but {@code exceptTicket}; offline names are skipped. */
  Future<Integer> toUsers(String domain, Collection<String> names, Packet packet, String exceptTicket, Count count);

  /** To every page of every user of the domain but {@code exceptUser}. */
  Future<Integer> toDomain(String domain, Packet packet, String exceptUser, Count count);

  default Future<Integer> toUser(String domain, String name, Packet packet, String exceptTicket) {
    return toUser(domain, name, packet, exceptTicket, Count.LATER);
  }

  default Future<Integer> toUsers(String domain, Collection<String> names, Packet packet, String exceptTicket) {
    return toUsers(domain, names, packet, exceptTicket, Count.LATER);
  }
}
