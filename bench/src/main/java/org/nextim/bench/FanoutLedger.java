package org.nextim.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Multicasts to rooms and what became of each (message, member) pair. A room is a contiguous block of
 * pages {@code [start, start + size)} of one shard; a message sent by one member must reach every other
 * member's page exactly once and no page outside the room. Ids and bookkeeping as in {@link SentLedger};
 * delivered, lost and duplicates count (message, member) pairs. Latency is taken per delivery (intended
 * send time to arrival) and per message until its last member has it.
 */
public final class FanoutLedger extends SentLedger {

  private final Histogram completeMicros = LatencySummary.newHistogram();

  private int[] roomStart = new int[256];
  private int[] roomSize = new int[256];
  private int[] sender = new int[256];
  private int[] reached = new int[256];
  /** Per message, a bit per room member: who has it. */
  private long[][] seen = new long[256][];
  private long complete;

  public FanoutLedger(long idBase, long idOffset, long idStride) {
    super(idBase, idOffset, idStride, 256);
  }

  /** Records a multicast by page {@code from} to the room of pages [start, start + members); returns its id. */
  public long register(int start, int members, int from, long intendedAtNanos) {
    if (members < 2 || from < start || from >= start + members) {
      throw new IllegalArgumentException("sender " + from + " not in a room [" + start + ", " + (start + members)
          + ") of at least 2");
    }
    int seq = nextSeq(intendedAtNanos);
    roomStart[seq] = start;
    roomSize[seq] = members;
    sender[seq] = from;
    seen[seq] = new long[(members + 63) / 64];
    return idOf(seq);
  }

  @Override
  void grow(int capacity) {
    roomStart = Arrays.copyOf(roomStart, capacity);
    roomSize = Arrays.copyOf(roomSize, capacity);
    sender = Arrays.copyOf(sender, capacity);
    reached = Arrays.copyOf(reached, capacity);
    seen = Arrays.copyOf(seen, capacity);
  }

  @Override
  long missing(int seq) {
    return roomSize[seq] - 1 - reached[seq];
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
  public FanoutStats fanout() {
    long expected = 0;
    for (int i = 0; i < size; i++) {
      if (postOutcome[i] == POST_ACCEPTED) {
        expected += roomSize[i] - 1;
      }
    }
    return new FanoutStats(expected, complete, completeMicros.copy());
  }
}
