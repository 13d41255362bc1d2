package org.nextim.router.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** This node's links to the other nodes, by node id: one per peer that said hello, until it leaves. */
final class Links {

  private final Vertx vertx;
  private final String self;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, PeerLink> links = new ConcurrentHashMap<>();
  private final int lanes;

  /**
   * Links that send on as many lanes as this node has event loops (up to {@value LinkProtocol#LANES}):
   * lanes spread the receiving over event loops, and a node with fewer loops gains nothing from more
   * lanes but smaller batches (every peer receives on all {@value LinkProtocol#LANES}, whatever it sends on).
   */
  Links(Vertx vertx, String self, MeterRegistry registry, int eventLoops) {
    this.vertx = vertx;
    this.self = self;
    this.registry = registry;
    this.lanes = Math.min(LinkProtocol.LANES, Integer.highestOneBit(Math.max(1, eventLoops)));
  }

  /** The lane of everything that comes from {@code user} of {@code domain}. */
  int lane(String domain, String user) {
    return LinkProtocol.lane(domain, user, lanes);
  }

  /** Opens the link to {@code peer}; {@code opened} runs with it when it is new (null if it existed). */
  PeerLink open(String peer, Consumer<PeerLink> opened) {
    PeerLink[] created = new PeerLink[1];
    links.computeIfAbsent(peer, p -> created[0] = new PeerLink(vertx, self, p, registry));
    if (created[0] != null) {
      opened.accept(created[0]);
    }
    return created[0];
  }

  PeerLink get(String peer) {
    return links.get(peer);
  }

  Collection<PeerLink> all() {
    return links.values();
  }

  int size() {
    return links.size();
  }

  boolean isEmpty() {
    return links.isEmpty();
  }

  /** Queues a frame that needs no answer to every peer, in {@code lane}. */
  void sendToAll(int lane, Buffer frame) {
    for (PeerLink link : links.values()) {
      link.send(lane, frame);
    }
  }

  /** Completes when every peer applied what was queued so far (see {@link PeerLink#settled()}). */
  Future<Void> settled() {
    if (links.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>(links.size());
    links.values().forEach(l -> all.add(l.settled()));
    return Future.all(all).mapEmpty();
  }

  void close(String peer) {
    PeerLink link = links.remove(peer);
    if (link != null) {
      link.close();
    }
  }

  void closeAll() {
    links.values().forEach(PeerLink::close);
    links.clear();
  }
}
