package org.nextim.router.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ordered lane of this node's link to another node. Frames are appended to an open batch; up to
 * {@value #WINDOW} numbered batches travel at once, each a one-way event-bus message. The peer applies
 * each batch once and in order, and acknowledges it with a one-way message of its own carrying the counts
 * of its deliveries ({@link #onAck}). A batch that is not acknowledged in time is sent again together with
 * every batch after it (go-back-N; the peer drops a batch that arrives after a gap and answers a batch
 * it applied before with the same acknowledgement), until the peer acknowledges it or leaves the
 * cluster — so a frame is queued there exactly once. Whatever queued up while the window was full goes
 * in the next batch: the busier the lane, the bigger the batches.
 *
 * <p>Nothing here runs a timer per batch or per frame: the link's one periodic {@link #tick} resends what
 * waited too long.
 */
final class Lane {

  private static final Logger log = LoggerFactory.getLogger(Lane.class);
  /** Batches sent and not yet acknowledged, at most. */
  static final int WINDOW = 4;
  /**
   * An unacknowledged batch is sent again after this long, doubling up to {@link #MAX_RETRY_MS}. Short:
   * a batch sent right after the peer registered its lanes is lost when this node's event bus does not
   * know the addresses yet (Vert.x spreads registrations through Hazelcast asynchronously), and a login
   * waits for its news to be acknowledged; an answer takes about a millisecond otherwise.
   */
  private static final long FIRST_RETRY_MS = 250;
  private static final long MAX_RETRY_MS = 5_000;
  /** A lane whose oldest batch waits longer than this is lagging: nobody waits for it to settle. */
  static final long LAG_MS = 1_000;

  private record Waiter(long upTo, Promise<Void> promise) {
  }

  private static final class Batch {
    final long seq;
    final Buffer bytes;
    final int frames;
    final List<Promise<Integer>> counts;
    final long firstSent = System.nanoTime();

    Batch(long seq, Buffer bytes, int frames, List<Promise<Integer>> counts) {
      this.seq = seq;
      this.bytes = bytes;
      this.frames = frames;
      this.counts = counts;
    }
  }

  private final Vertx vertx;
  private final String self;
  private final String peer;
  private final String address;
  private final int lane;
  private final long link;
  private final LinkMeters meters;

  // Guarded by this.
  private Buffer open;
  private int openFrames;
  private List<Promise<Integer>> openCounts = new ArrayList<>(4);
  private final ArrayDeque<Batch> unacked = new ArrayDeque<>(WINDOW);
  private long seq;
  private long enqueued;
  private long acknowledged;
  private final List<Waiter> waiters = new ArrayList<>();
  private boolean closed;
  /** A send of the open batch is scheduled on an event loop (see {@link #add}). */
  private boolean flushScheduled;
  /** When the oldest unacknowledged batch was last sent, and how long until it is sent again. */
  private long lastSent;
  private long retryMs = FIRST_RETRY_MS;

  Lane(Vertx vertx, String self, String peer, String address, int lane, long link, LinkMeters meters) {
    this.meters = meters;
    this.vertx = vertx;
    this.self = self;
    this.peer = peer;
    this.address = address;
    this.lane = lane;
    this.link = link;
    this.open = LinkProtocol.newBatch(lane, link, self);
  }

  /**
   * Queues a frame; a DELIVER frame's count completes {@code count} (0 if the peer leaves first). When
   * the window has room, the open batch goes out once the calling event loop finished its current round
   * of work, so that the frames of every request read in that round travel together.
   */
  void add(Buffer frame, Promise<Integer> count) {
    boolean flush;
    synchronized (this) {
      if (closed) {
        flush = false;
      } else {
        open.appendBuffer(frame);
        openFrames++;
        enqueued++;
        if (count != null) {
          openCounts.add(count);
          count = null;
        }
        flush = unacked.size() < WINDOW && !flushScheduled;
        flushScheduled |= flush;
      }
    }
    if (count != null) {
      count.tryComplete(0); // the lane is closed: the peer left, and its pages with it
    }
    if (flush) {
      Context context = Vertx.currentContext();
      if (context != null && context.isEventLoopContext()) {
        context.runOnContext(v -> flush());
      } else {
        flush();
      }
    }
  }

  private void flush() {
    synchronized (this) {
      flushScheduled = false;
    }
    sendNext();
  }

  /** Completes when the peer has applied every frame queued before this call, or at once if it lags. */
  synchronized Future<Void> settled() {
    return lagging() ? Future.succeededFuture() : acked();
  }

  /** Completes when the peer has applied every frame queued before this call (or left). */
  synchronized Future<Void> acked() {
    if (closed || acknowledged >= enqueued) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    waiters.add(new Waiter(enqueued, p));
    return p.future();
  }

  private boolean lagging() {
    return waitingNanos() > TimeUnit.MILLISECONDS.toNanos(LAG_MS);
  }

  /** How long the oldest unacknowledged batch has waited, in nanoseconds (0: none). */
  synchronized long waitingNanos() {
    Batch oldest = unacked.peekFirst();
    return oldest == null ? 0 : System.nanoTime() - oldest.firstSent;
  }

  /** The peer left (or this node stops, or the peer refused this link): nothing more goes out. */
  void close() {
    List<Promise<Integer>> zero = new ArrayList<>();
    List<Waiter> release;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Batch b : unacked) {
        zero.addAll(b.counts);
      }
      unacked.clear();
      zero.addAll(openCounts);
      openCounts = new ArrayList<>();
      release = new ArrayList<>(waiters);
      waiters.clear();
    }
    zero.forEach(p -> p.tryComplete(0));
    release.forEach(w -> w.promise().tryComplete());
  }

  private void sendNext() {
    Batch batch;
    synchronized (this) {
      if (closed || unacked.size() >= WINDOW || openFrames == 0) {
        return;
      }
      long number = ++seq;
      LinkProtocol.seal(open, number, openFrames);
      batch = new Batch(number, open, openFrames, openCounts);
      if (unacked.isEmpty()) {
        lastSent = batch.firstSent;
        retryMs = FIRST_RETRY_MS;
      }
      unacked.addLast(batch);
      open = LinkProtocol.newBatch(lane, link, self);
      openFrames = 0;
      openCounts = new ArrayList<>(4);
    }
    meters.batches.increment();
    meters.frames.increment(batch.frames);
    meters.bytes.increment(batch.bytes.length());
    vertx.eventBus().send(address, batch.bytes);
  }

  /** The peer applied batch {@code number}; {@code ack} is positioned at its counts. */
  void onAck(long number, LinkProtocol.Reader ack) {
    List<Promise<Integer>> counts = null;
    List<Waiter> release = null;
    synchronized (this) {
      // Acknowledgements come in order; one for a batch acknowledged before (a resend's) changes nothing.
      Batch oldest = unacked.peekFirst();
      if (closed || oldest == null || oldest.seq != number) {
        return;
      }
      unacked.removeFirst();
      counts = oldest.counts;
      acknowledged += oldest.frames;
      lastSent = System.nanoTime();
      retryMs = FIRST_RETRY_MS;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.upTo() <= acknowledged) {
          if (release == null) {
            release = new ArrayList<>(2);
          }
          release.add(w);
          it.remove();
        }
      }
    }
    int n = ack.int32();
    for (int i = 0; i < counts.size(); i++) {
      counts.get(i).tryComplete(i < n ? ack.int32() : 0);
    }
    if (release != null) {
      release.forEach(w -> w.promise().tryComplete());
    }
    sendNext();
  }

  /** The peer refuses this link (another protocol version): nothing more is sent to it. */
  void onRefused(String reason) {
    log.error("node {} refuses this node's link: {}; nothing more is sent to it", peer, reason);
    close();
  }

  /**
   * The link's periodic check: sends the unacknowledged batches again when the oldest waited its retry
   * delay (the peer is slow or paused, its address is still travelling, or a batch was lost with a
   * connection); the delay doubles up to {@value #MAX_RETRY_MS} ms while nothing is acknowledged.
   */
  void tick(long now) {
    List<Batch> resend;
    synchronized (this) {
      if (closed || unacked.isEmpty() || now - lastSent < TimeUnit.MILLISECONDS.toNanos(retryMs)) {
        return;
      }
      resend = new ArrayList<>(unacked);
      lastSent = now;
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    }
    meters.resends.increment(resend.size());
    log.debug("lane to {}: {} batches unacknowledged, sent again", peer, resend.size());
    for (Batch b : resend) {
      vertx.eventBus().send(address, b.bytes);
    }
  }
}
