package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.nextim.router.core.Broker;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Packet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Broker} for a cluster: a packet goes to each recipient's home. Recipients homed here are served
 * from the local hub; every other node gets one DELIVER frame carrying the packet once with the names
 * of all its recipients there, in the lane of the packet's source user, and fans it out itself. A
 * broadcast is one frame per node. The frame's acknowledgement carries how many pages took it; a node
 * that leaves before acknowledging took it on no page that still lives; a count nobody waits for
 * ({@link Count#LATER}) comes back with the peer's held acknowledgements.
 */
final class ClusterBroker implements Broker {

  private final Hub hub;
  private final ReplicatedPresence presence;
  private final Links links;
  private final String self;
  private final int graceLimit;

  ClusterBroker(Hub hub, ReplicatedPresence presence, Links links, String self, int graceLimit) {
    this.hub = hub;
    this.presence = presence;
    this.links = links;
    this.self = self;
    this.graceLimit = graceLimit;
  }

  @Override
  public Future<Integer> toUser(String domain, String name, Packet packet, String exceptTicket, Count count) {
    String home = presence.homeOf(domain, name);
    if (home == null) {
      return Future.succeededFuture(0);
    }
    if (home.equals(self)) {
      return Future.succeededFuture(hub.deliver(domain, name, packet, exceptTicket, graceLimit));
    }
    return send(home, LinkProtocol.deliverTo(domain, packet, List.of(name), exceptTicket), domain, packet, count);
  }

  @Override
  public Future<Integer> toUsers(String domain, Collection<String> names, Packet packet, String exceptTicket,
                                 Count count) {
    int local = 0;
    Map<String, List<String>> byNode = null;
    for (String name : names) {
      String home = presence.homeOf(domain, name);
      if (home == null) {
        continue;
      }
      if (home.equals(self)) {
        local += hub.deliver(domain, name, packet, exceptTicket, graceLimit);
      } else {
        if (byNode == null) {
          byNode = new HashMap<>();
        }
        byNode.computeIfAbsent(home, h -> new ArrayList<>()).add(name);
      }
    }
    if (byNode == null) {
      return Future.succeededFuture(local);
    }
    List<Future<Integer>> remote = new ArrayList<>(byNode.size());
    byNode.forEach((node, list) ->
        remote.add(send(node, LinkProtocol.deliverTo(domain, packet, list, exceptTicket), domain, packet, count)));
    return sum(local, remote);
  }

  @Override
  public Future<Integer> toDomain(String domain, Packet packet, String exceptUser, Count count) {
    int local = hub.deliverToDomain(domain, packet, exceptUser, graceLimit);
    if (links.isEmpty()) {
      return Future.succeededFuture(local);
    }
    LinkProtocol.Frame frame = LinkProtocol.encoded(LinkProtocol.deliver(domain, packet, null, exceptUser, null));
    int lane = links.lane(domain, packet.source());
    List<Future<Integer>> remote = new ArrayList<>();
    for (PeerLink link : links.all()) {
      remote.add(link.deliver(lane, frame, count == Count.NOW));
    }
    return sum(local, remote);
  }

  private Future<Integer> send(String node, LinkProtocol.Frame frame, String domain, Packet packet, Count count) {
    PeerLink link = links.get(node);
    if (link == null) {
      return Future.succeededFuture(0); // a node that left took its pages with it
    }
    return link.deliver(links.lane(domain, packet.source()), frame, count == Count.NOW);
  }

  /** Serves a DELIVER frame another node sent here; returns how many pages took the packet. */
  int onDeliver(LinkProtocol.Reader r) {
    String domain = r.str();
    Packet packet = r.packet();
    List<String> names = r.strs();
    String exceptUser = r.str();
    String exceptTicket = r.str();
    if (names == null) {
      return hub.deliverToDomain(domain, packet, exceptUser, graceLimit);
    }
    int n = 0;
    for (String name : names) {
      n += hub.deliver(domain, name, packet, exceptTicket, graceLimit);
    }
    return n;
  }

  /** {@code local} plus the counts of {@code remote} (which never fail: a node that leaves counts 0). */
  private static Future<Integer> sum(int local, List<Future<Integer>> remote) {
    if (remote.isEmpty()) {
      return Future.succeededFuture(local); // every link left meanwhile: nothing would count down
    }
    if (remote.size() == 1) {
      Future<Integer> only = remote.get(0);
      return local == 0 ? only : only.map(n -> n + local);
    }
    Promise<Integer> total = Promise.promise();
    AtomicInteger sum = new AtomicInteger(local);
    AtomicInteger pending = new AtomicInteger(remote.size());
    for (Future<Integer> f : remote) {
      f.onComplete(ar -> {
        if (ar.succeeded() && ar.result() != null) {
          sum.addAndGet(ar.result());
        }
        if (pending.decrementAndGet() == 0) {
          total.complete(sum.get());
        }
      });
    }
    return total.future();
  }
}
