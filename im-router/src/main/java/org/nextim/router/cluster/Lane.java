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
 * of its deliveries ({@link #onAcks}): at once for a batch somebody waits for (an {@code ack=1} call's
 * count, a login's news: {@link LinkProtocol#ACK_NOW}, at most {@value #WAITED_WINDOW} of those in
 * flight), else a little later and together with others ({@link HeldAcks}). A batch that is not
 * acknowledged in time is sent again together with every batch after it (go-back-N; the peer drops a
 * batch that arrives after a gap and answers a batch it applied before with the same acknowledgement),
 * until the peer acknowledges it or leaves the cluster — so a frame is queued there exactly once.
 * Whatever queued up while the window was full goes in the next batch: the busier the lane, the bigger
 * the batches.
 *
 * <p>Nothing here runs a timer per batch or per frame: the link's one periodic {@link #tick} resends what
 * waited too long.
 */
final class Lane {

  private static final Logger log = LoggerFactory.getLogger(Lane.class);
  /** Batches sent and not yet acknowledged, at most. */
  static final int WINDOW = 32;
  /** Of those, batches somebody waits for, at most (the rest of theirs waits in the open batch). */
  static final int WAITED_WINDOW = 4;
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
    final boolean waited;
    final long firstSent = System.nanoTime();

    Batch(long seq, Buffer bytes, int frames, List<Promise<Integer>> counts, boolean waited) {
      this.seq = seq;
      this.bytes = bytes;
      this.frames = frames;
      this.counts = counts;
      this.waited = waited;
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
  /** Somebody waits for the open batch: the peer is to acknowledge it at once. */
  private boolean openWaited;
  private final ArrayDeque<Batch> unacked = new ArrayDeque<>(WINDOW);
  /** Unacknowledged batches that are waited for. */
  private int waitedInFlight;
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
   * Queues a frame; a DELIVER frame's count completes {@code count} (0 if the peer leaves first), and
   * {@code waited} says that somebody waits for that count. When the window has room, the open batch goes
   * out once the calling event loop finished its current round of work, so that the frames of every
   * request read in that round travel together.
   */
  void add(LinkProtocol.Frame frame, Promise<Integer> count, boolean waited) {
    boolean flush;
    synchronized (this) {
      if (closed) {
        flush = false;
      } else {
        frame.appendTo(open);
        openFrames++;
        enqueued++;
        openWaited |= waited;
        if (count != null) {
          openCounts.add(count);
          count = null;
        }
        flush = claimFlush();
      }
    }
    if (count != null) {
      count.tryComplete(0); // the lane is closed: the peer left, and its pages with it
    }
    if (flush) {
      scheduleFlush();
    }
  }

  /** Whether the caller is to schedule a send of the open batch (under the monitor). */
  private boolean claimFlush() {
    boolean claim = room() && !flushScheduled;
    flushScheduled |= claim;
    return claim;
  }

  /** Whether the peer may hold the acknowledgement of the newest batch sent (and so of those before it). */
  private boolean lastSentHeld() {
    Batch newest = unacked.peekLast();
    return newest != null && !newest.waited;
  }

  private boolean room() {
    return unacked.size() < WINDOW && (!openWaited || waitedInFlight < WAITED_WINDOW);
  }

  private void scheduleFlush() {
    Context context = Vertx.currentContext();
    if (context != null && context.isEventLoopContext()) {
      context.runOnContext(v -> flush());
    } else {
      flush();
    }
  }

  private void flush() {
    synchronized (this) {
      flushScheduled = false;
    }
    sendNext();
  }

  /** Completes when the peer has applied every frame queued before this call, or at once if it lags. */
  Future<Void> settled() {
    synchronized (this) {
      if (lagging()) {
        return Future.succeededFuture();
      }
    }
    return acked();
  }

  /**
   * Completes when the peer has applied every frame queued before this call (or left). The batches it
   * waits for are acknowledged at once: the open one is marked so, and if every frame already went out
   * in batches the peer may hold the acknowledgements of, an empty batch that is waited for follows them.
   */
  Future<Void> acked() {
    Promise<Void> p;
    boolean flush = false;
    synchronized (this) {
      if (closed || acknowledged >= enqueued) {
        return Future.succeededFuture();
      }
      p = Promise.promise();
      waiters.add(new Waiter(enqueued, p));
      if (!openWaited && (openFrames > 0 || lastSentHeld())) {
        openWaited = true;
        flush = claimFlush();
      }
    }
    if (flush) {
      scheduleFlush();
    }
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
      waitedInFlight = 0;
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
      if (openFrames == 0 && openWaited && !lastSentHeld()) {
        openWaited = false; // what the empty batch was to hurry was acknowledged in the meantime
      }
      if (closed || !room() || openFrames == 0 && !openWaited) {
        return;
      }
      long number = ++seq;
      LinkProtocol.seal(open, number, openFrames, openWaited ? LinkProtocol.ACK_NOW : 0);
      batch = new Batch(number, open, openFrames, openCounts, openWaited);
      if (unacked.isEmpty()) {
        lastSent = batch.firstSent;
        retryMs = FIRST_RETRY_MS;
      }
      unacked.addLast(batch);
      if (openWaited) {
        waitedInFlight++;
      }
      open = LinkProtocol.newBatch(lane, link, self);
      openFrames = 0;
      openCounts = new ArrayList<>(4);
      openWaited = false;
    }
    meters.batches.increment();
    meters.frames.increment(batch.frames);
    meters.bytes.increment(batch.bytes.length());
    vertx.eventBus().send(address, batch.bytes);
  }

  /** The peer applied some batches; {@code acks} is positioned at their number (see {@link LinkProtocol}). */
  void onAcks(LinkProtocol.Reader acks) {
    int k = acks.int32();
    for (int i = 0; i < k; i++) {
      onAck(acks.int64(), acks);
    }
    sendNext();
  }

  /** The peer applied batch {@code number}; {@code ack} is positioned at its counts, which this reads. */
  private void onAck(long number, LinkProtocol.Reader ack) {
    int n = ack.int32();
    List<Promise<Integer>> counts;
    List<Waiter> release = null;
    synchronized (this) {
      // Acknowledgements come in order; one for a batch acknowledged before (a resend's) changes nothing.
      Batch oldest = unacked.peekFirst();
      if (closed || oldest == null || oldest.seq != number) {
        ack.skip(4 * n);
        return;
      }
      unacked.removeFirst();
      if (oldest.waited) {
        waitedInFlight--;
      }
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
    for (int i = 0; i < Math.max(n, counts.size()); i++) {
      int count = i < n ? ack.int32() : 0;
      if (i < counts.size()) {
        counts.get(i).tryComplete(count);
      }
    }
    if (release != null) {
      release.forEach(w -> w.promise().tryComplete());
    }
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
