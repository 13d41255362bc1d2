package org.nextim.bench;

import java.util.Arrays;

/**
 * Every unicast message one shard of the generator sends, and what became of it: accepted by the
 * router or not, delivered to its recipient's page once, more than once, to someone else, or never.
 * Ids and bookkeeping as in {@link SentLedger}.
 */
public final class DeliveryLedger extends SentLedger {

  private int[] recipients = new int[1024];
  private byte[] deliveries = new byte[1024];

  public DeliveryLedger(long idOffset, long idStride) {
    this(0, idOffset, idStride);
  }

  public DeliveryLedger(long idBase, long idOffset, long idStride) {
    super(idBase, idOffset, idStride, 1024);
  }

  /** Records a message about to be posted; returns the id to send it with. */
  public long register(int recipient, long intendedAtNanos) {
    int seq = nextSeq(intendedAtNanos);
    recipients[seq] = recipient;
    return idOf(seq);
  }

  @Override
  void grow(int capacity) {
    recipients = Arrays.copyOf(recipients, capacity);
    deliveries = Arrays.copyOf(deliveries, capacity);
  }

  @Override
  long missing(int seq) {
    return deliveries[seq] == 0 ? 1 : 0;
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
}
