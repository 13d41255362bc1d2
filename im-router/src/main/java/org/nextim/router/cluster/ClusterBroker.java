package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import org.nextim.router.core.Broker;
import org.nextim.router.core.Hub;
import org.nextim.router.core.Packet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link Broker} for a cluster: a packet goes to each recipient's home. Recipients homed here are served
 * from the local hub; for every other node one message carries the packet once, with the names of all
 * its recipients there, and that node's hub fans it out. A broadcast is one message per node.
 */
final class ClusterBroker implements Broker {

  private static final long DELIVERY_TIMEOUT_MS = 10_000;

  private final EventBus bus;
  private final Hub hub;
  private final ReplicatedPresence presence;
  private final String self;
  private final Supplier<Collection<String>> liveNodes;
  private final int graceLimit;

  ClusterBroker(EventBus bus, Hub hub, ReplicatedPresence presence, String self,
                Supplier<Collection<String>> liveNodes, int graceLimit) {
    this.bus = bus;
    this.hub = hub;
    this.presence = presence;
    this.self = self;
    this.liveNodes = liveNodes;
    this.graceLimit = graceLimit;
  }

  @Override
  public Future<Integer> toUser(String domain, String name, Packet packet, String exceptTicket) {
    String home = presence.homeOf(domain, name);
    if (home == null) {
      return Future.succeededFuture(0);
    }
    if (home.equals(self)) {
      return Future.succeededFuture(hub.deliver(domain, name, packet, exceptTicket, graceLimit));
    }
    return send(home, domain, name, null, packet, exceptTicket);
  }

  @Override
  public Future<Integer> toUsers(String domain, Collection<String> names, Packet packet, String exceptTicket) {
    int local = 0;
    Map<String, StringBuilder> byNode = null;
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
        StringBuilder list = byNode.computeIfAbsent(home, h -> new StringBuilder());
        list.append(list.length() == 0 ? "" : ",").append(name);
      }
    }
    if (byNode == null) {
      return Future.succeededFuture(local);
    }
    List<Future<Integer>> remote = new ArrayList<>(byNode.size());
    byNode.forEach((node, list) -> remote.add(send(node, domain, list.toString(), null, packet, exceptTicket)));
    return sum(local, remote);
  }

  @Override
  public Future<Integer> toDomain(String domain, Packet packet, String exceptUser) {
    int local = hub.deliverToDomain(domain, packet, exceptUser, graceLimit);
    List<Future<Integer>> remote = new ArrayList<>();
    for (String node : liveNodes.get()) {
      if (!node.equals(self)) {
        remote.add(send(node, domain, null, exceptUser, packet, null));
      }
    }
    return sum(local, remote);
  }

  private Future<Integer> send(String node, String domain, String names, String exceptUser, Packet packet,
                               String exceptTicket) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(DELIVERY_TIMEOUT_MS)
        .addHeader("op", "deliver").addHeader("d", domain).addHeader("k", packet.kind().name());
    if (names != null) {
      options.addHeader("n", names);
    }
    if (exceptUser != null) {
      options.addHeader("xu", exceptUser);
    }
    if (exceptTicket != null) {
      options.addHeader("x", exceptTicket);
    }
    // A node that died takes its pages with it: nothing was delivered there.
    return bus.<Integer>request(ClusterNode.address(node), Buffer.buffer(packet.json()), options)
        .map(Message::body)
        .otherwise(0);
  }

  /** Serves a delivery another node sent here. */
  void onDelivery(Message<Object> msg) {
    MultiMap h = msg.headers();
    Packet packet = Packet.of(Packet.Kind.valueOf(h.get("k")), ((Buffer) msg.body()).getBytes());
    String domain = h.get("d");
    String names = h.get("n");
    int n = 0;
    if (names == null) {
      n = hub.deliverToDomain(domain, packet, h.get("xu"), graceLimit);
    } else {
      String except = h.get("x");
      int start = 0;
      while (start < names.length()) {
        int comma = names.indexOf(',', start);
        int end = comma < 0 ? names.length() : comma;
        n += hub.deliver(domain, names.substring(start, end), packet, except, graceLimit);
        start = end + 1;
      }
    }
    msg.reply(n);
  }

  private static Future<Integer> sum(int local, List<Future<Integer>> remote) {
    return Future.all(remote).transform(ar -> {
      int total = local;
      for (Future<Integer> f : remote) {
        total += f.result() == null ? 0 : f.result();
      }
      return Future.succeededFuture(total);
    });
  }
}
