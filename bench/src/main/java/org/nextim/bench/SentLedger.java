package org.nextim.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * What every ledger keeps of the messages it sent: their ids, intended send times, whether the server
 * accepted them, and the counters of deliveries. Subclasses say who must receive a message
 * ({@link DeliveryLedger}: one recipient; {@link FanoutLedger}: every other member of a room).
 *
 * <p>Message ids are {@code base + offset + seq * stride}: shards (each with its own ledger and its own
 * disjoint users) differ in offset, successive runs of a shard (warm-up, then the measured run) in base,
 * so no two ledgers of a process hand out the same id and a late warm-up message is never counted.
 * Arrays indexed by {@code seq} rather than a map keep the bookkeeping cheap at tens of thousands of
 * messages per second. Not thread-safe: a ledger belongs to one shard's event loop.
 */
abstract class SentLedger implements Ledger {

  static final byte POST_PENDING = 0;
  static final byte POST_ACCEPTED = 1;
  static final byte POST_REJECTED = 2;

  private final long idBase;
  private final long idOffset;
  private final long idStride;
  final Histogram latencyMicros = LatencySummary.newHistogram();

  long[] intendedNanos;
  byte[] postOutcome;
  int size;
  private int firstUnsettled;

  long delivered;
  long duplicates;
  long misrouted;
  long unknownIds;
  private long skipped;

  SentLedger(long idBase, long idOffset, long idStride, int initialCapacity) {
    if (idBase < 0 || idOffset < 0 || idStride < 1 || idOffset >= idStride) {
      throw new IllegalArgumentException("need base >= 0 and 0 <= offset < stride, got " + idBase + ", "
          + idOffset + ", " + idStride);
    }
    this.idBase = idBase;
    this.idOffset = idOffset;
    this.idStride = idStride;
    intendedNanos = new long[initialCapacity];
    postOutcome = new byte[initialCapacity];
  }

  /** Takes the next sequence number for a message meant to leave at {@code intendedAtNanos}. */
  final int nextSeq(long intendedAtNanos) {
    if (size == intendedNanos.length) {
      int n = size * 2;
      intendedNanos = Arrays.copyOf(intendedNanos, n);
      postOutcome = Arrays.copyOf(postOutcome, n);
      grow(n);
    }
    int seq = size++;
    intendedNanos[seq] = intendedAtNanos;
    return seq;
  }

  /** Grows the subclass's own per-message arrays to {@code capacity}. */
  abstract void grow(int capacity);

  /** How many of the pages message {@code seq} owes are still without it. */
  abstract long missing(int seq);

  final long idOf(int seq) {
    return idBase + idOffset + seq * idStride;
  }

  /** The sequence number of an id this ledger handed out, or -1. */
  final int seqOf(long id) {
    long rel = id - idBase - idOffset;
    if (rel < 0 || rel % idStride != 0) {
      return -1;
    }
    long seq = rel / idStride;
    return seq < size ? (int) seq : -1;
  }

  public long registered() {
    return size;
  }

  /** A scheduled message the generator did not send (too many already in flight). */
  @Override
  public void skipped() {
    skipped++;
  }

  /** The server answered the POST with 200. */
  @Override
  public void accepted(long id) {
    int seq = seqOf(id);
    if (seq >= 0) {
      postOutcome[seq] = POST_ACCEPTED;
    }
  }

  /** The POST failed: an error status, a reset, or a timeout. */
  @Override
  public void rejected(long id) {
    int seq = seqOf(id);
    if (seq >= 0) {
      postOutcome[seq] = POST_REJECTED;
    }
  }

  @Override
  public boolean allAcceptedDelivered() {
    // Settled messages stay settled, so each call resumes where the previous one stopped.
    while (firstUnsettled < size
        && (postOutcome[firstUnsettled] == POST_REJECTED || missing(firstUnsettled) == 0)) {
      firstUnsettled++;
    }
    return firstUnsettled == size;
  }

  /** What happened to every message so far; what an accepted message still owes counts as lost. */
  @Override
  public DeliverySummary summary() {
    long accepted = 0;
    long rejected = 0;
    long unanswered = 0;
    long lost = 0;
    long unansweredUndelivered = 0;
    for (int i = 0; i < size; i++) {
      switch (postOutcome[i]) {
        case POST_ACCEPTED -> {
          accepted++;
          lost += missing(i);
        }
        case POST_REJECTED -> rejected++;
        default -> {
          unanswered++;
          unansweredUndelivered += missing(i);
        }
      }
    }
    return new DeliverySummary(size + skipped, skipped, size, accepted, rejected, unanswered, delivered,
        lost, unansweredUndelivered, duplicates, misrouted, unknownIds, latencyMicros.copy());
  }
}
