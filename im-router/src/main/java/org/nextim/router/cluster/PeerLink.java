package org.nextim.router.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This node's link to one other node: {@value LinkProtocol#LANES} ordered lanes, each to its own
 * address on the peer ({@link ClusterNode#laneAddress}), so the peer applies them on different event
 * loops. A link lives as long as both nodes do; its number tells the peer a new link from an old one.
 * One periodic timer per link sends again what its lanes' peer has not acknowledged in time.
 */
final class PeerLink {

  /** How often the lanes check for batches to send again. */
  private static final long TICK_MS = 100;

  private final Vertx vertx;
  private final long link;
  private final Lane[] lanes = new Lane[LinkProtocol.LANES];
  private final LinkMeters meters;
  private final long ticker;

  PeerLink(Vertx vertx, String self, String peer, MeterRegistry registry) {
    this.vertx = vertx;
    this.link = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    meters = new LinkMeters(registry, peer, this, PeerLink::lagSeconds);
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(vertx, self, peer, ClusterNode.laneAddress(peer, i), i, link, meters);
    }
    ticker = vertx.setPeriodic(TICK_MS, id -> {
      long now = System.nanoTime();
      for (Lane lane : lanes) {
        lane.tick(now);
      }
    });
  }

  /** The peer applied batches of {@code lane} of link {@code number} (an older link's: ignored). */
  void acknowledged(long number, int lane, LinkProtocol.Reader acks) {
    meters.acks.increment();
    if (number == link && lane >= 0 && lane < lanes.length) {
      lanes[lane].onAcks(acks);
    }
  }

  /** The peer refuses this link. */
  void refused(long number, int lane, String reason) {
    if (number == link && lane >= 0 && lane < lanes.length) {
      lanes[lane].onRefused(reason);
    }
  }

  /** The longest wait of a batch in flight on any lane, in seconds. */
  double lagSeconds() {
    long max = 0;
    for (Lane lane : lanes) {
      max = Math.max(max, lane.waitingNanos());
    }
    return max / 1e9;
  }

  /** Queues a frame that needs no answer. */
  void send(int lane, Buffer frame) {
    lanes[lane].add(LinkProtocol.encoded(frame), null, false);
  }

  /**
   * Queues a DELIVER frame; completes with the number of the peer's pages that took the packet, at once
   * if somebody waits for it ({@code waited}), else when the peer sends its held acknowledgements.
   */
  Future<Integer> deliver(int lane, LinkProtocol.Frame frame, boolean waited) {
    Promise<Integer> count = Promise.promise();
    lanes[lane].add(frame, count, waited);
    return count.future();
  }

  /** Queues a frame on every lane (markers that the receiver counts per lane). */
  void sendOnEveryLane(Buffer frame) {
    LinkProtocol.Frame encoded = LinkProtocol.encoded(frame);
    for (Lane lane : lanes) {
      lane.add(encoded, null, false);
    }
  }

  /** Completes when the peer applied every frame queued so far (lagging lanes are not waited for). */
  Future<Void> settled() {
    List<Future<Void>> all = new ArrayList<>(lanes.length);
    for (Lane lane : lanes) {
      all.add(lane.settled());
    }
    return Future.all(all).mapEmpty();
  }

  /** Completes when the peer applied every frame queued so far, however long it takes (or it left). */
  Future<Void> acked() {
    List<Future<Void>> all = new ArrayList<>(lanes.length);
    for (Lane lane : lanes) {
      all.add(lane.acked());
    }
    return Future.all(all).mapEmpty();
  }

  void close() {
    vertx.cancelTimer(ticker);
    for (Lane lane : lanes) {
      lane.close();
    }
    meters.remove();
  }
}
