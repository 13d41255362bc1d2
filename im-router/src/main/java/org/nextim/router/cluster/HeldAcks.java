package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;

/**
 * What the receiving end of one lane owes one sending node: the acknowledgements of the batches it
 * applied, kept to answer a batch sent again, and held until the receiver releases them in one message:
 * at the end of its event loop's round when a batch that is waited for came ({@link LinkProtocol#ACK_NOW})
 * or {@value #AT_MOST} are held, else when its hold time is up — so that a busy lane costs one
 * acknowledgement message for many batches. Confined to the receiver's event loop.
 */
final class HeldAcks {

  /** Held acknowledgements are to go out once this many wait, so the sender's window never fills with them. */
  static final int AT_MOST = Lane.WINDOW / 2;
  /** Acknowledgements kept to answer a batch sent again; more than a window's worth. */
  private static final int KEPT = 2 * Lane.WINDOW;

  private final int lane;
  private final String self;
  /** The sender's link number: a new one starts from batch 1 again. */
  final long link;
  /** The next batch to apply. */
  private long expected = 1;
  private final long[] keptSeq = new long[KEPT];
  private final int[][] keptCounts = new int[KEPT][];
  /** Every batch up to this one has been acknowledged to the sender. */
  private long answeredUpTo;
  private Buffer held;
  private int heldCount;

  HeldAcks(int lane, String self, long link) {
    this.lane = lane;
    this.self = self;
    this.link = link;
  }

  long expected() {
    return expected;
  }

  /**
   * Batch {@link #expected()} was applied, with these page counts of its DELIVER frames: held. Returns
   * whether {@value #AT_MOST} are held now.
   */
  boolean applied(int[] counts) {
    long seq = expected++;
    int slot = (int) (seq % KEPT);
    keptSeq[slot] = seq;
    keptCounts[slot] = counts;
    if (held == null) {
      held = LinkProtocol.acks(lane, link, self);
    }
    LinkProtocol.appendAck(held, seq, counts);
    heldCount++;
    return heldCount >= AT_MOST;
  }

  /**
   * Batch {@code seq}, applied before, came again (its sender has waited too long for the
   * acknowledgement): the answer to send, or null for a batch too old to be kept.
   */
  Buffer again(long seq) {
    if (seq > answeredUpTo) {
      return release(); // still held here: the sender needs them now
    }
    int slot = (int) (seq % KEPT);
    if (keptSeq[slot] != seq) {
      return null;
    }
    Buffer one = LinkProtocol.acks(lane, link, self);
    LinkProtocol.appendAck(one, seq, keptCounts[slot]);
    LinkProtocol.sealAcks(one, 1);
    return one;
  }

  /** Every held acknowledgement in one answer, or null if none is held. */
  Buffer release() {
    if (heldCount == 0) {
      return null;
    }
    Buffer out = held;
    LinkProtocol.sealAcks(out, heldCount);
    held = null;
    heldCount = 0;
    answeredUpTo = expected - 1;
    return out;
  }
}
