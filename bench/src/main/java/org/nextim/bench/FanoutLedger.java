package org.nextim.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Multicasts to rooms and what became of each (message, member) pair. A room is a contiguous block of
 * pages {@code [start, start + size)} of one shard; a message sent by one member must reach every other
 * member's page exactly once and no page outside the room. Ids follow {@link DeliveryLedger}'s scheme
 * ({@code base + offset + seq * stride}). Latency is taken per delivery (intended send time to arrival)
 * and per message until its last member has it. Not thread-safe: one shard's event loop.
 */
public final class FanoutLedger implements Ledger {

  private static final byte POST_PENDING = 0;
  private static final byte POST_ACCEPTED = 1;
  private static final byte POST_REJECTED = 2;

  private final long idBase;
  private final long idOffset;
  private final long idStride;
  private final Histogram latencyMicros = LatencySummary.newHistogram();
  private final Histogram completeMicros = LatencySummary.newHistogram();

  private long[] intendedNanos = new long[256];
  private int[] roomStart = new int[256];
  private int[] roomSize = new int[256];
  private int[] sender = new int[256];
  private int[] reached = new int[256];
  private byte[] postOutcome = new byte[256];
  /** One bit per member of the message's room: delivered there already. */
  private long[][] seen = new long[256][];
  private int size;
  private int firstUnsettled;

  private long delivered;
  private long duplicates;
  private long misrouted;
  private long unknownIds;
  private long skipped;
  private long complete;

  public FanoutLedger(long idBase, long idOffset, long idStride) {
    if (idBase < 0 || idOffset < 0 || idStride < 1 || idOffset >= idStride) {
      throw new IllegalArgumentException("need base >= 0 and 0 <= offset < stride, got " + idBase + ", "
          + idOffset + ", " + idStride);
    }
    this.idBase = idBase;
    this.idOffset = idOffset;
    this.idStride = idStride;
  }

  /** Records a multicast by page {@code from} to the room of pages [start, start + members); returns its id. */
  public long register(int start, int members, int from, long intendedAtNanos) {
    if (members < 2 || from < start || from >= start + members) {
      throw new IllegalArgumentException("sender " + from + " not in a room [" + start + ", " + (start + members)
          + ") of at least 2");
    }
    if (size == intendedNanos.length) {
      int n = size * 2;
      intendedNanos = Arrays.copyOf(intendedNanos, n);
      roomStart = Arrays.copyOf(roomStart, n);
      roomSize = Arrays.copyOf(roomSize, n);
      sender = Arrays.copyOf(sender, n);
      reached = Arrays.copyOf(reached, n);
      postOutcome = Arrays.copyOf(postOutcome, n);
      seen = Arrays.copyOf(seen, n);
    }
    int seq = size++;
    intendedNanos[seq] = intendedAtNanos;
    roomStart[seq] = start;
    roomSize[seq] = members;
    sender[seq] = from;
    seen[seq] = new long[(members + 63) / 64];
    return idBase + idOffset + seq * idStride;
  }

  @Override
  public void skipped() {
    skipped++;
  }

  @Override
  public void accepted(long id) {
    int seq = seqOf(id);
    if (seq >= 0) {
      postOutcome[seq] = POST_ACCEPTED;
    }
  }

  @Override
  public void rejected(long id) {
    int seq = seqOf(id);
    if (seq >= 0) {
      postOutcome[seq] = POST_REJECTED;
    }
  }

  @Override
  public void delivered(long id, int page, long nowNanos) {
    int seq = seqOf(id);
    if (seq < 0) {
      unknownIds++;
      return;
    }
    int member = page - roomStart[seq];
    if (member < 0 || member >= roomSize[seq] || page == sender[seq]) {
      misrouted++;
      return;
    }
    long bit = 1L << (member & 63);
    long[] words = seen[seq];
    if ((words[member >>> 6] & bit) != 0) {
      duplicates++;
      return;
    }
    words[member >>> 6] |= bit;
    delivered++;
    long latency = (nowNanos - intendedNanos[seq]) / 1000;
    LatencySummary.recordMicros(latencyMicros, latency);
    if (++reached[seq] == roomSize[seq] - 1) {
      complete++;
      LatencySummary.recordMicros(completeMicros, latency);
    }
  }

  @Override
  public boolean allAcceptedDelivered() {
    while (firstUnsettled < size && (postOutcome[firstUnsettled] == POST_REJECTED
        || reached[firstUnsettled] == roomSize[firstUnsettled] - 1)) {
      firstUnsettled++;
    }
    return firstUnsettled == size;
  }

  /** Counts in (message, member) pairs except posted/accepted/rejected/unanswered, which count messages. */
  @Override
  public DeliverySummary summary() {
    long accepted = 0;
    long rejected = 0;
    long unanswered = 0;
    long lost = 0;
    long unansweredUndelivered = 0;
    for (int i = 0; i < size; i++) {
      long missing = roomSize[i] - 1 - reached[i];
      switch (postOutcome[i]) {
        case POST_ACCEPTED -> {
          accepted++;
          lost += missing;
        }
        case POST_REJECTED -> rejected++;
        default -> {
          unanswered++;
          unansweredUndelivered += missing;
        }
      }
    }
    return new DeliverySummary(size + skipped, skipped, size, accepted, rejected, unanswered, delivered, lost,
        unansweredUndelivered, duplicates, misrouted, unknownIds, latencyMicros.copy());
  }

  @Override
  public FanoutStats fanout() {
    long expected = 0;
    for (int i = 0; i < size; i++) {
      if (postOutcome[i] == POST_ACCEPTED) {
        expected += roomSize[i] - 1;
      }
    }
    return new FanoutStats(expected, complete, completeMicros.copy());
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
