package org.nextim.bench;

/** Users that only log in and hold their polls; what they receive (presences) is counted, nothing more. */
public final class CapacityShard extends Shard {

  public CapacityShard(int index, ShardSettings settings) {
    super(index, settings);
  }

  @Override
  public void onReply(PageSession page, PollReply reply, long receivedAtNanos) {
    // Counting happens in PageSession; capacity checks only that polls stay held.
  }
}
