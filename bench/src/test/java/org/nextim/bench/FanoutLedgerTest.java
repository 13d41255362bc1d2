package org.nextim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanoutLedgerTest {

  @Test
  void aMulticastOwesEveryOtherMemberOneDelivery() {
    FanoutLedger ledger = new FanoutLedger(0, 0, 1);
    long id = ledger.register(10, 4, 11, 1_000); // room = pages 10..13, sent by 11
    ledger.accepted(id);
    assertFalse(ledger.allAcceptedDelivered());
    ledger.delivered(id, 10, 2_000_000);
    ledger.delivered(id, 12, 3_000_000);
    assertFalse(ledger.allAcceptedDelivered());
    ledger.delivered(id, 13, 5_001_000); // the last member: 5 ms after the intended time
    assertTrue(ledger.allAcceptedDelivered());

    DeliverySummary s = ledger.summary();
    assertEquals(1, s.posted());
    assertEquals(1, s.accepted());
    assertEquals(3, s.delivered());
    assertEquals(0, s.lost());
    assertEquals(3, s.latencyMicros().getTotalCount());
    FanoutStats f = ledger.fanout();
    assertEquals(3, f.expectedDeliveries());
    assertEquals(1, f.completeMessages());
    assertEquals(5_000, f.completeMicros().getMaxValue(), 5);
  }

  @Test
  void duplicatesMisroutesAndLosses() {
    FanoutLedger ledger = new FanoutLedger(0, 0, 1);
    long a = ledger.register(0, 3, 0, 0);
    long b = ledger.register(3, 3, 5, 0);
    ledger.accepted(a);
    ledger.accepted(b);
    ledger.delivered(a, 1, 1);
    ledger.delivered(a, 1, 2);   // again: duplicate
    ledger.delivered(a, 0, 3);   // to its own sender: misrouted
    ledger.delivered(a, 4, 4);   // outside the room: misrouted
    ledger.delivered(b, 3, 5);
    ledger.delivered(b, 4, 6);
    ledger.delivered(99, 1, 7);  // never issued

    DeliverySummary s = ledger.summary();
    assertEquals(3, s.delivered());
    assertEquals(1, s.duplicates());
    assertEquals(2, s.misrouted());
    assertEquals(1, s.unknownIds());
    assertEquals(1, s.lost());   // a never reached page 2
    assertEquals(4, ledger.fanout().expectedDeliveries());
    assertEquals(1, ledger.fanout().completeMessages());
  }

  @Test
  void rejectedAndUnansweredMessagesOweNothingLost() {
    FanoutLedger ledger = new FanoutLedger(0, 0, 1);
    long a = ledger.register(0, 5, 0, 0);
    long b = ledger.register(0, 5, 1, 0);
    ledger.skipped();
    ledger.rejected(a);
    DeliverySummary s = ledger.summary();
    assertEquals(3, s.scheduled());
    assertEquals(1, s.rejected());
    assertEquals(1, s.unanswered());
    assertEquals(0, s.lost());
    assertEquals(4, s.unansweredUndelivered());
    assertEquals(0, ledger.fanout().expectedDeliveries());
    assertFalse(ledger.allAcceptedDelivered()); // b is neither settled nor rejected yet
    ledger.rejected(b);
    assertTrue(ledger.allAcceptedDelivered());
  }

  @Test
  void largeRoomsUseSeveralWordsAndIdsFollowTheStride() {
    FanoutLedger ledger = new FanoutLedger(1_000_000, 1, 2);
    long id = ledger.register(0, 1000, 999, 0);
    assertEquals(1_000_001, id);
    ledger.accepted(id);
    for (int p = 0; p < 999; p++) {
      ledger.delivered(id, p, 1);
    }
    ledger.delivered(id, 700, 1);
    assertEquals(999, ledger.summary().delivered());
    assertEquals(1, ledger.summary().duplicates());
    assertEquals(1, ledger.fanout().completeMessages());
    ledger.delivered(id + 1, 0, 1); // another shard's id
    assertEquals(1, ledger.summary().unknownIds());
  }

  @Test
  void theSenderMustBeInItsRoom() {
    FanoutLedger ledger = new FanoutLedger(0, 0, 1);
    assertThrows(IllegalArgumentException.class, () -> ledger.register(0, 3, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> ledger.register(0, 1, 0, 0));
  }
}
