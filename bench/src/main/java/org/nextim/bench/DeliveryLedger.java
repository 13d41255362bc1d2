package org.nextim.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Every message one shard of the generator sends, and what became of it: accepted by the router or not,
 * delivered to its recipient's page once, more than once, to someone else, or never.
 *
 * <p>Message ids are {@code base + offset + seq * stride}: shards (each with its own ledger and its own
 * disjoint users) differ in offset, successive runs of a shard (warm-up, then the measured run) in base,
 * so no two ledgers of a process hand out the same id and a late warm-up message is never counted. Arrays indexed by {@code seq} rather than a map keep the
 * bookkeeping cheap at tens of thousands of messages per second. Not thread-safe: a ledger belongs to
 * one shard's event loop.
 */
public final class DeliveryLedger implements Ledger {

  private static final byte POST_PENDING = 0;
  private static final byte POST_ACCEPTED = 1;
  private static final byte POST_REJECTED = 2;

  private final long idBase;
  private final long idOffset;
  private final long idStride;
  private final Histogram latencyMicros = LatencySummary.newHistogram();

  private long[] intendedNanos = new long[1024];
  private int[] recipients = new int[1024];
  private byte[] postOutcome = new byte[1024];
  private byte[] deliveries = new byte[1024];
  private int size;
  private int firstUnsettled;

  private long delivered;
  private long duplicates;
  private long misrouted;
  private long unknownIds;
  private long skipped;

  public DeliveryLedger(long idOffset, long idStride) {
    this(0, idOffset, idStride);
  }

  public DeliveryLedger(long idBase, long idOffset, long idStride) {
    if (idBase < 0 || idOffset < 0 || idStride < 1 || idOffset >= idStride) {
      throw new IllegalArgumentException("need base >= 0 and 0 <= offset < stride, got " + idBase + ", "
          + idOffset + ", " + idStride);
    }
    this.idBase = idBase;
    this.idOffset = idOffset;
    this.idStride = idStride;
  }

  /** Records a message about to be posted; returns the id to send it with. */
  public long register(int recipient, long intendedAtNanos) {
    if (size == intendedNanos.length) {
      int n = size * 2;
      intendedNanos = Arrays.copyOf(intendedNanos, n);
      recipients = Arrays.copyOf(recipients, n);
      postOutcome = Arrays.copyOf(postOutcome, n);
      deliveries = Arrays.copyOf(deliveries, n);
    }
    int seq = size++;
    intendedNanos[seq] = intendedAtNanos;
    recipients[seq] = recipient;
    return idBase + idOffset + seq * idStride;
  }

  /** A scheduled message the generator did not send (too many already in flight). */
  @Override
  public void skipped() {
    skipped++;
  }

  /** The router answered the POST with 200. */
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

  /**
   * A message packet with this id reached the page of {@code recipient} at {@code nowNanos}.
   * Deliveries before the POST's own reply are normal: the router may answer the poll first.
   */
  @Override
  public void delivered(long id, int recipient, long nowNanos) {
    int seq = seqOf(id);
    if (seq < 0) {
      unknownIds++;
      return;
    }
    if (recipients[seq] != recipient) {
      misrouted++;
      return;
    }
    byte n = deliveries[seq];
    if (n == 0) {
      delivered++;
      LatencySummary.recordMicros(latencyMicros, (nowNanos - intendedNanos[seq]) / 1000);
    } else {
      duplicates++;
    }
    if (n < Byte.MAX_VALUE) {
      deliveries[seq] = (byte) (n + 1);
    }
  }

  /** Whether every accepted message has been delivered (lets the grace window end early). */
  @Override
  public boolean allAcceptedDelivered() {
    // Settled messages stay settled, so each call resumes where the previous one stopped.
    while (firstUnsettled < size
        && (postOutcome[firstUnsettled] == POST_REJECTED || deliveries[firstUnsettled] > 0)) {
      firstUnsettled++;
    }
    return firstUnsettled == size;
  }

  public long registered() {
    return size;
  }

  /** What happened to every message so far; messages accepted but not delivered count as lost. */
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
          if (deliveries[i] == 0) {
            lost++;
          }
        }
        case POST_REJECTED -> rejected++;
        default -> {
          unanswered++;
          if (deliveries[i] == 0) {
            unansweredUndelivered++;
          }
        }
      }
    }
    return new DeliverySummary(size + skipped, skipped, size, accepted, rejected, unanswered, delivered,
        lost, unansweredUndelivered, duplicates, misrouted, unknownIds, latencyMicros.copy());
  }

  private int seqOf(long id) {
    long rel = id - idBase - idOffset;
    if (rel < 0 || rel % idStride != 0) {
      return -1;
    }
    long seq = rel / idStride;
    return seq < size ? (int) seq : -1;
  }
}
