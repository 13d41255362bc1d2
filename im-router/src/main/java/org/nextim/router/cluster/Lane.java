package org.nextim.router.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ordered lane of this node's link to another node. Frames are appended to an open batch; one batch
 * is in flight at a time, sent again (same number) until the peer acknowledges it or leaves the cluster,
 * and the peer applies each batch once and in order — so a frame is queued there exactly once, and a
 * delivery's count comes back in the acknowledgement. Whatever queued up while a batch was in flight
 * goes in the next one: the busier the lane, the bigger the batches.
 */
final class Lane {

  private static final Logger log = LoggerFactory.getLogger(Lane.class);
  /** An unanswered batch is sent again after this long, doubling up to {@link #MAX_RETRY_MS}. */
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long MAX_RETRY_MS = 5_000;
  /** A lane whose batch waits longer than this is lagging: nobody waits for it to settle. */
  static final long LAG_MS = 1_000;

  private record Waiter(long upTo, Promise<Void> promise) {
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
  private Buffer inFlight;
  private List<Promise<Integer>> inFlightCounts;
  private int inFlightFrames;
  private long inFlightSince;
  private long seq;
  private long enqueued;
  private long acknowledged;
  private final List<Waiter> waiters = new ArrayList<>();
  private boolean closed;
  /** A send of the open batch is scheduled on an event loop (see {@link #add}). */
  private boolean flushScheduled;

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
   * no batch is in flight, the open batch goes out once the calling event loop finished its current
   * round of work, so that the frames of every request read in that round travel together.
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
        flush = inFlight == null && !flushScheduled;
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
    return inFlight != null && System.nanoTime() - inFlightSince > TimeUnit.MILLISECONDS.toNanos(LAG_MS);
  }

  /** How long the batch in flight has waited for its acknowledgement, in nanoseconds (0: none). */
  synchronized long waitingNanos() {
    return inFlight == null ? 0 : System.nanoTime() - inFlightSince;
  }

  /** The peer left (or this node stops): nothing more goes out, counts still waiting are 0. */
  void close() {
    List<Promise<Integer>> zero = new ArrayList<>();
    List<Waiter> release;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (inFlightCounts != null) {
        zero.addAll(inFlightCounts);
      }
      zero.addAll(openCounts);
      openCounts = new ArrayList<>();
      inFlight = null;
      release = new ArrayList<>(waiters);
      waiters.clear();
    }
    zero.forEach(p -> p.tryComplete(0));
    release.forEach(w -> w.promise().tryComplete());
  }

  private void sendNext() {
    Buffer batch;
    long number;
    synchronized (this) {
      if (closed || inFlight != null || openFrames == 0) {
        return;
      }
      number = ++seq;
      LinkProtocol.seal(open, number, openFrames);
      batch = open;
      inFlight = open;
      inFlightCounts = openCounts;
      inFlightFrames = openFrames;
      inFlightSince = System.nanoTime();
      open = LinkProtocol.newBatch(lane, link, self);
      openFrames = 0;
      openCounts = new ArrayList<>(4);
    }
    meters.batches.increment();
    meters.frames.increment(inFlightFrames);
    meters.bytes.increment(batch.length());
    transmit(batch, number, FIRST_RETRY_MS);
  }

  private void transmit(Buffer batch, long number, long timeoutMs) {
    vertx.eventBus().<Buffer>request(address, batch, new DeliveryOptions().setSendTimeout(timeoutMs))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            acknowledged(number, ar.result());
            return;
          }
          if (ar.cause() instanceof ReplyException re && re.failureCode() == LinkProtocol.VERSION_MISMATCH) {
            log.error("node {} refuses this node's link: {}; nothing more is sent to it", peer, re.getMessage());
            close();
            return;
          }
          synchronized (this) {
            if (closed || inFlight != batch) {
              return;
            }
          }
          // Not answered in time (the peer is slow or paused, or its address is still travelling): the
          // same batch again; the peer applies it once.
          long next = Math.min(MAX_RETRY_MS, timeoutMs * 2);
          boolean timedOut = ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT;
          meters.resends.increment();
          vertx.setTimer(timedOut ? 1 : 100, id -> transmit(batch, number, next));
        });
  }

  private void acknowledged(long number, Message<Buffer> reply) {
    List<Promise<Integer>> counts;
    List<Waiter> release = new ArrayList<>();
    synchronized (this) {
      if (closed || seq != number || inFlight == null) {
        return;
      }
      counts = inFlightCounts;
      acknowledged += inFlightFrames;
      inFlight = null;
      inFlightCounts = null;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.upTo() <= acknowledged) {
          release.add(w);
          it.remove();
        }
      }
    }
    LinkProtocol.Reader ack = new LinkProtocol.Reader(reply.body());
    ack.int64();
    int n = ack.int32();
    for (int i = 0; i < counts.size(); i++) {
      counts.get(i).tryComplete(i < n ? ack.int32() : 0);
    }
    release.forEach(w -> w.promise().tryComplete());
    sendNext();
  }
}
