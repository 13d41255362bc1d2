package org.nextim.router.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.nextim.router.core.Handoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiving end of lane {@code k} of every other node's link to this one, on an event loop of its
 * own: applies each batch once, in order, and answers with the counts of its deliveries. A batch seen
 * before (the sender did not get the answer and sent it again) gets the same answer and changes nothing.
 * Also serves, like its sibling lanes, this node's control address (hello, forwarded calls and polls).
 */
final class LaneReceiver extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LaneReceiver.class);

  /** What is applied here. */
  interface Sink {
    ReplicatedPresence replicatedPresence();

    ClusterBroker broker();

    void control(Message<Buffer> msg);

    void snapshotLaneDone(String from, long link, int lane);

    void peerReady(String from);

    void moved(String ticket, String node);

    void adopt(Handoff handoff);

    void peerLeaving(String from);
  }

  private static final class State {
    final long link;
    long expected = 1;
    Buffer lastAck;

    State(long link) {
      this.link = link;
    }
  }

  private final String self;
  private final int lane;
  private final Sink sink;
  /** Per sending node; confined to this verticle's event loop. */
  private final Map<String, State> senders = new HashMap<>();
  private MessageConsumer<Buffer> laneConsumer;
  private MessageConsumer<Buffer> controlConsumer;

  LaneReceiver(String self, int lane, Sink sink) {
    this.self = self;
    this.lane = lane;
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    laneConsumer = vertx.eventBus().consumer(ClusterNode.laneAddress(self, lane), this::onBatch);
    controlConsumer = vertx.eventBus().consumer(ClusterNode.controlAddress(self), sink::control);
    return Future.all(laneConsumer.completion(), controlConsumer.completion());
  }

  @Override
  public Future<?> stop() {
    return Future.all(laneConsumer.unregister(), controlConsumer.unregister());
  }

  /** Forgets a node that left (runs on this verticle's context). */
  void forget(String node) {
    context.runOnContext(v -> senders.remove(node));
  }

  private void onBatch(Message<Buffer> msg) {
    LinkProtocol.Reader r = new LinkProtocol.Reader(msg.body());
    if (msg.body().length() < LinkProtocol.FRAMES_OFFSET + 4 || r.int32() != LinkProtocol.MAGIC) {
      msg.fail(LinkProtocol.VERSION_MISMATCH, "not a NextIM link batch");
      return;
    }
    int version = r.u8();
    if (version != LinkProtocol.VERSION) {
      msg.fail(LinkProtocol.VERSION_MISMATCH,
          "link protocol v" + version + " refused: this node speaks v" + LinkProtocol.VERSION);
      return;
    }
    r.u8(); // lane, implied by the address
    long link = r.int64();
    long seq = r.int64();
    int frames = r.int32();
    String from = r.str();
    State state = senders.get(from);
    if (state == null || state.link != link) {
      if (seq != 1) {
        msg.fail(LinkProtocol.OUT_OF_ORDER, "batch " + seq + " of an unknown link");
        return;
      }
      state = new State(link);
      senders.put(from, state);
    }
    if (seq < state.expected) {
      msg.reply(seq == state.expected - 1 ? state.lastAck : ack(seq, new int[0], 0));
      return;
    }
    if (seq > state.expected) {
      msg.fail(LinkProtocol.OUT_OF_ORDER, "batch " + seq + " before " + state.expected);
      return;
    }
    int[] counts = new int[4];
    int n = 0;
    for (int i = 0; i < frames; i++) {
      byte type = r.u8();
      try {
        switch (type) {
          case LinkProtocol.DELIVER -> {
            if (n == counts.length) {
              counts = Arrays.copyOf(counts, n * 2);
            }
            counts[n++] = sink.broker().onDeliver(r);
          }
          case LinkProtocol.SNAPSHOT_END -> sink.snapshotLaneDone(from, link, lane);
          case LinkProtocol.READY -> sink.peerReady(from);
          case LinkProtocol.MOVED -> sink.moved(r.str(), r.str());
          case LinkProtocol.HANDOFF -> sink.adopt(LinkProtocol.readHandoff(r));
          case LinkProtocol.LEAVING -> sink.peerLeaving(from);
          default -> sink.replicatedPresence().applyFrame(type, r);
        }
      } catch (RuntimeException e) {
        // A frame this node cannot read: the rest of the batch cannot be read either.
        log.error("batch {} from node {}: frame {} of type {} unreadable", seq, from, i, type, e);
        break;
      }
    }
    Buffer ack = ack(seq, counts, n);
    state.lastAck = ack;
    state.expected = seq + 1;
    msg.reply(ack);
  }

  private static Buffer ack(long seq, int[] counts, int n) {
    Buffer b = Buffer.buffer(12 + 4 * n).appendLong(seq).appendInt(n);
    for (int i = 0; i < n; i++) {
      b.appendInt(counts[i]);
    }
    return b;
  }
}
