package org.nextim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateScheduleTest {

  private static final long S = 1_000_000_000L;

  @Test
  void spacesMessagesEvenlyFromTheStart() {
    RateSchedule s = new RateSchedule(1000, 5 * S, S);
    assertEquals(1000, s.total());
    assertEquals(0, s.dueBy(5 * S - 1));
    assertEquals(1, s.dueBy(5 * S)); // message 0 is due at the start
    assertEquals(1, s.dueBy(5 * S + 999_999));
    assertEquals(2, s.dueBy(5 * S + 1_000_000));
    assertEquals(501, s.dueBy(5 * S + S / 2));
    assertEquals(1000, s.dueBy(5 * S + S)); // never more than the schedule holds
    assertEquals(1000, s.dueBy(100 * S));
    assertEquals(5 * S + 1_000_000, s.intendedNanos(1));
  }

  @Test
  void dueCountAgreesWithIntendedTimesForAwkwardRates() {
    for (double rate : new double[] {3, 7, 333.3, 1000, 2500, 10_000, 16_667}) {
      RateSchedule s = new RateSchedule(rate, 123, 3 * S);
      assertEquals(Math.ceil(3 * rate - 1e-9), s.total(), "total at " + rate);
      for (long k = 0; k < s.total(); k += Math.max(1, s.total() / 500)) {
        long t = s.intendedNanos(k);
        assertEquals(k + 1, s.dueBy(t), "k=" + k + " rate=" + rate);
        assertEquals(k, s.dueBy(t - 1), "k=" + k + " rate=" + rate);
      }
    }
  }

  @Test
  void catchesUpAfterAStallInsteadOfLoweringTheLoad() {
    // Open loop: a caller that was away for 200 ms finds 200 messages due at once, each with its own
    // intended time for latency accounting.
    RateSchedule s = new RateSchedule(1000, 0, S);
    long sent = s.dueBy(10_000_000);
    assertEquals(11, sent);
    long later = s.dueBy(210_000_000);
    assertEquals(211, later);
    assertTrue(s.intendedNanos(sent) < 210_000_000);
    assertFalse(s.isComplete(later));
    assertTrue(s.isComplete(s.dueBy(2 * S)));
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0, S));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(-1, 0, S));
    assertThrows(IllegalArgumentException.class, () -> new RateSchedule(10, 0, -1));
    assertEquals(0, new RateSchedule(10, 0, 0).total());
  }
}
