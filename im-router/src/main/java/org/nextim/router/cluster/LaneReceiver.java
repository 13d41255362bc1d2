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
 * own: applies each batch once, in order, and acknowledges it with a one-way message carrying the counts
 * of its deliveries — at the end of the event loop's round when the batch is waited for ({@link
 * LinkProtocol#ACK_NOW}; the other batches read in that round share its message), else held up to
 * {@value #HOLD_MS} ms and sent with others ({@link HeldAcks}). A batch seen before (the sender did
 * not get the acknowledgement and sent it again) gets the same acknowledgement and changes nothing; a
 * batch after a gap (one before it was lost) is dropped, and the sender sends both again. Also takes the
 * acknowledgements of this node's own lane {@code k} to the others, and serves, like its sibling lanes,
 * this node's control address (hello, forwarded calls and polls).
 */
final class LaneReceiver extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LaneReceiver.class);
  /**
   * How long an acknowledgement nobody waits for may be held. Short against the sender's first resend
   * (250 ms); long enough that a lane busy with such batches sends one acknowledgement for many.
   */
  static final long HOLD_MS = 20;

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

    /** An outcome of a message of a user that {@code from} handed to this node, learnt there after. */
    void outcome(String domain, String name, Handoff.Outcome outcome);

    /** Node {@code from} applied batches of this node's lane; {@code acks} is at their number. */
    void acknowledged(String from, long link, int lane, LinkProtocol.Reader acks);

    /** Node {@code from} refuses this node's link. */
    void refused(String from, long link, int lane, String reason);
  }

  private final String self;
  private final int lane;
  private final Sink sink;
  /** Per sending node; confined to this verticle's event loop. */
  private final Map<String, HeldAcks> senders = new HashMap<>();
  /** A timer will release the held acknowledgements. */
  private boolean releaseTimed;
  /** The end of this event loop's round will release the held acknowledgements. */
  private boolean releaseSoon;
  private MessageConsumer<Buffer> laneConsumer;
  private MessageConsumer<Buffer> ackConsumer;
  private MessageConsumer<Buffer> controlConsumer;

  LaneReceiver(String self, int lane, Sink sink) {
    this.self = self;
    this.lane = lane;
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    laneConsumer = vertx.eventBus().consumer(ClusterNode.laneAddress(self, lane), this::onBatch);
    ackConsumer = vertx.eventBus().consumer(ClusterNode.ackAddress(self, lane), this::onAnswer);
    controlConsumer = vertx.eventBus().consumer(ClusterNode.controlAddress(self), sink::control);
    return Future.all(laneConsumer.completion(), ackConsumer.completion(), controlConsumer.completion());
  }

  @Override
  public Future<?> stop() {
    releaseAll();
    return Future.all(laneConsumer.unregister(), ackConsumer.unregister(), controlConsumer.unregister());
  }

  /** Forgets a node that left (runs on this verticle's context). */
  void forget(String node) {
    context.runOnContext(v -> senders.remove(node));
  }

  private void onBatch(Message<Buffer> msg) {
    Buffer body = msg.body();
    LinkProtocol.Reader r = new LinkProtocol.Reader(body);
    if (body.length() < LinkProtocol.FRAMES_OFFSET + 8 || r.int32() != LinkProtocol.MAGIC) {
      refuse(msg, null, 0, "not a NextIM link batch");
      return;
    }
    int version = r.u8();
    r.u8(); // lane, implied by the address
    long link = r.int64();
    long seq = r.int64();
    int frames = r.int32();
    String from;
    boolean now = false;
    try {
      from = r.str();
      now = version == LinkProtocol.VERSION && r.u8() == LinkProtocol.ACK_NOW;
    } catch (RuntimeException e) {
      from = null; // a header laid out otherwise: the sender learns nothing but the failed request
    }
    if (version != LinkProtocol.VERSION || from == null) {
      refuse(msg, from, link, "link protocol v" + version + " refused: this node speaks v" + LinkProtocol.VERSION);
      return;
    }
    HeldAcks state = senders.get(from);
    if (state == null || state.link != link) {
      if (seq != 1) {
        return; // the first batches of a new link were lost: the sender sends them again
      }
      state = new HeldAcks(lane, self, link);
      senders.put(from, state);
    }
    if (seq < state.expected()) {
      answer(from, state.again(seq));
      return;
    }
    if (seq > state.expected()) {
      return; // after a gap: the sender sends the missing batch and this one again
    }
    int[] counts = new int[Math.max(1, Math.min(frames, 64))];
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
          case LinkProtocol.OUTCOME -> sink.outcome(r.str(), r.str(), r.outcome());
          default -> sink.replicatedPresence().applyFrame(type, r);
        }
      } catch (RuntimeException e) {
        // A frame this node cannot read: the rest of the batch cannot be read either.
        log.error("batch {} from node {}: frame {} of type {} unreadable", seq, from, i, type, e);
        break;
      }
    }
    boolean full = state.applied(n == counts.length ? counts : Arrays.copyOf(counts, n));
    if (now || full) {
      if (!releaseSoon) {
        releaseSoon = true;
        context.runOnContext(v -> {
          releaseSoon = false;
          releaseAll();
        });
      }
    } else if (!releaseTimed) {
      releaseTimed = true;
      vertx.setTimer(HOLD_MS, id -> {
        releaseTimed = false;
        releaseAll();
      });
    }
  }

  private void releaseAll() {
    senders.forEach((from, state) -> answer(from, state.release()));
  }

  private void answer(String to, Buffer answer) {
    if (answer != null) {
      vertx.eventBus().send(ClusterNode.ackAddress(to, lane), answer);
    }
  }

  /** A batch this node does not apply: the sender hears why (a node of version 1 as a failed request). */
  private void refuse(Message<Buffer> msg, String from, long link, String reason) {
    if (msg.replyAddress() != null) {
      msg.fail(LinkProtocol.VERSION_MISMATCH, reason);
    }
    if (from != null) {
      log.warn("batch from node {} refused: {}", from, reason);
      answer(from, LinkProtocol.refused(lane, link, self, reason));
    }
  }

  /** An answer to a batch of this node's lane {@code k}. */
  private void onAnswer(Message<Buffer> msg) {
    LinkProtocol.Reader r = new LinkProtocol.Reader(msg.body());
    try {
      if (r.int32() != LinkProtocol.MAGIC || r.u8() != LinkProtocol.VERSION) {
        return;
      }
      byte kind = r.u8();
      int k = r.u8();
      long link = r.int64();
      String from = r.str();
      if (kind == LinkProtocol.ACK) {
        sink.acknowledged(from, link, k, r);
      } else if (kind == LinkProtocol.REFUSED) {
        sink.refused(from, link, k, r.str());
      }
    } catch (RuntimeException e) {
      log.warn("an unreadable answer to a batch of lane {}", lane, e);
    }
  }
}
