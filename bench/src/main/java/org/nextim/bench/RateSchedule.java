package org.nextim.bench;

/**
 * An open-loop send schedule: message {@code k} (from 0) is due at {@code start + k / rate}, whatever
 * happened to earlier messages. Latency is measured from this intended time, not from when the
 * generator got round to sending, so a stalled router (or generator) shows up in the numbers instead of
 * quietly lowering the offered load (coordinated omission).
 */
public final class RateSchedule {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double perSecond;
  private final long startNanos;
  private final long total;

  /**
   * @param perSecond messages per second, > 0
   * @param startNanos {@link System#nanoTime()} of message 0
   * @param durationNanos messages due at or after {@code start + duration} are not part of the schedule
   */
  public RateSchedule(double perSecond, long startNanos, long durationNanos) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0, got " + perSecond);
    }
    if (durationNanos < 0) {
      throw new IllegalArgumentException("duration must be >= 0");
    }
    this.perSecond = perSecond;
    this.startNanos = startNanos;
    // Messages k with k / rate < duration, i.e. k < duration * rate: ceil(duration * rate) of them.
    this.total = (long) Math.ceil(durationNanos * perSecond / NANOS_PER_SECOND - 1e-9);
  }

  /** How many messages the whole schedule holds. */
  public long total() {
    return total;
  }

  /** How many messages are due by {@code nowNanos} (message k is due once now >= its intended time). */
  public long dueBy(long nowNanos) {
    if (nowNanos < startNanos) {
      return 0;
    }
    long due = (long) Math.floor((nowNanos - startNanos) * perSecond / NANOS_PER_SECOND) + 1;
    // Floating-point rounding may disagree with intendedNanos at the boundary; intendedNanos decides.
    while (due > 0 && intendedNanos(due - 1) > nowNanos) {
      due--;
    }
    while (due < total && intendedNanos(due) <= nowNanos) {
      due++;
    }
    return Math.min(due, total);
  }

  /** The intended send time of message {@code k}. */
  public long intendedNanos(long k) {
    return startNanos + (long) Math.ceil(k * NANOS_PER_SECOND / perSecond);
  }

  public boolean isComplete(long sent) {
    return sent >= total;
  }

  public double perSecond() {
    return perSecond;
  }
}
