package org.nextim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceLedgerTest {

  @Test
  void eachTransitionOwesEachWatcherOnePresence() {
    PresenceLedger ledger = new PresenceLedger(10);
    int off = ledger.transition(1, false, 1_000_000, new int[] {0, 2});
    int on = ledger.transition(1, true, 2_000_000, new int[] {0, 2});
    ledger.callDone(off, true);
    ledger.callDone(on, true);
    ledger.presence(1, false, 0, 3_000_000);
    ledger.presence(1, false, 2, 4_000_000);
    ledger.presence(1, true, 0, 5_000_000);
    assertFalse(ledger.allDelivered());
    ledger.presence(1, true, 2, 6_000_000);
    assertTrue(ledger.allDelivered());

    PresenceLedger.Summary s = ledger.summary();
    assertEquals(2, s.transitions());
    assertEquals(4, s.expected());
    assertEquals(4, s.delivered());
    assertEquals(0, s.lost());
    assertEquals(0, s.duplicates());
    assertEquals(2_000, s.latencyMicros().getMinValue(), 2);   // offline at page 0: 3 ms - 1 ms
    assertEquals(4_000, s.latencyMicros().getMaxValue(), 4);   // online at page 2: 6 ms - 2 ms
  }

  @Test
  void matchesTheOldestTransitionOfTheSameTypeNotYetSeenByThatPage() {
    PresenceLedger ledger = new PresenceLedger(4);
    int[] watchers = {0};
    int on1 = ledger.transition(1, true, 0, watchers);
    int off = ledger.transition(1, false, 10, watchers);
    int on2 = ledger.transition(1, true, 20, watchers);
    for (int t : new int[] {on1, off, on2}) {
      ledger.callDone(t, true);
    }
    ledger.presence(1, true, 0, 100);  // on1
    ledger.presence(1, true, 0, 100);  // on2, not a duplicate
    ledger.presence(1, true, 0, 100);  // now a duplicate
    PresenceLedger.Summary s = ledger.summary();
    assertEquals(2, s.delivered());
    assertEquals(1, s.duplicates());
    assertEquals(1, s.lost()); // the offline never came
  }

  @Test
  void unmatchedFailedAndSkipped() {
    PresenceLedger ledger = new PresenceLedger(4);
    int t = ledger.transition(1, false, 0, new int[] {0, 2});
    ledger.callDone(t, false);           // a failed logout owes nothing
    ledger.presence(3, true, 0, 1);      // a user with no transition
    ledger.presence(1, false, 3, 1);     // a page that is not one of the watchers
    ledger.presence(-1, true, 0, 1);     // not one of ours
    ledger.skipped();
    PresenceLedger.Summary s = ledger.summary();
    assertEquals(1, s.failed());
    assertEquals(0, s.expected());
    assertEquals(0, s.lost());
    assertEquals(3, s.unmatched());
    assertEquals(1, s.skipped());
    assertTrue(ledger.allDelivered());
  }

  @Test
  void summariesMerge() {
    PresenceLedger a = new PresenceLedger(2);
    PresenceLedger b = new PresenceLedger(2);
    a.callDone(a.transition(1, true, 0, new int[] {0}), true);
    b.callDone(b.transition(1, true, 0, new int[] {0}), true);
    a.presence(1, true, 0, 1000);
    PresenceLedger.Summary m = a.summary().merge(b.summary());
    assertEquals(2, m.transitions());
    assertEquals(2, m.expected());
    assertEquals(1, m.delivered());
    assertEquals(1, m.lost());
    assertEquals(1, m.latencyMicros().getTotalCount());
  }

  @Test
  void atMost64WatchersPerTransition() {
    PresenceLedger ledger = new PresenceLedger(2);
    assertThrows(IllegalArgumentException.class, () -> ledger.transition(0, true, 0, new int[65]));
  }

  @Test
  void churnersAreOddAndWatchedByTheirEvenRingNeighbours() {
    Population ring = new Population("u", 1000, 2000, 20);
    int[] w = ChurnShard.watchersOf(ring, 101);
    assertEquals(10, w.length);
    for (int p : w) {
      assertEquals(0, p % 2);
      assertTrue(Math.abs(p - 101) <= 10, "page " + p);
    }
    int[] wrapped = ChurnShard.watchersOf(ring, 1); // neighbours below 0 wrap to the end of the ring
    assertEquals(10, wrapped.length);
    assertTrue(java.util.Arrays.stream(wrapped).anyMatch(p -> p > 1990));
    assertTrue(ChurnShard.isChurner(7));
    assertFalse(ChurnShard.isChurner(8));
  }
}
