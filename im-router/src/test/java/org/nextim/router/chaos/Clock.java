package org.nextim.router.chaos;

/** Milliseconds since the scenario started (monotonic): every time the harness records is one of these. */
final class Clock {

  private final long t0 = System.nanoTime();

  long now() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Sleeps until {@code at} (a schedule point of the scenario's timeline, not a wait for a condition). */
  void sleepUntil(long at) {
    long left = at - now();
    if (left > 0) {
      ChaosCluster.sleep(left);
    }
  }
}
